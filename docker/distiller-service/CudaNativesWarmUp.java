/*
 * Build-time helper for docker/distiller-service/Dockerfile.cuda (run with the JDK's single-file source launcher):
 *
 *   PYTORCH_FLAVOR=cu128 DJL_CACHE_DIR=/tmp/djl \
 *     java -Dai.djl.offline=false -cp "lib/*" CudaNativesWarmUp.java /opt/libtorch
 *
 * "lib/*" is the distiller's quarkus-app/lib/main WITHOUT the pytorch-native-cpu jar, so DJL finds no bundled
 * libtorch and downloads the build named by PYTORCH_FLAVOR (DJL's own logic, LibUtils). The libraries and the
 * matching JNI library (<djl version>-libdjl_torch.so) are then copied into the output directory, which the
 * image points PYTORCH_LIBRARY_PATH at: at run time DJL loads them from there and downloads nothing.
 *
 * Loading the CUDA libraries needs the NVIDIA driver (libcuda.so.1), which a build host usually lacks; that
 * failure is expected and only reported. The download itself must succeed, or the build fails.
 */
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Platform;
import ai.djl.util.Utils;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public class CudaNativesWarmUp {

    private static final String JNI_LIB = System.mapLibraryName("djl_torch");

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CudaNativesWarmUp <output dir>");
        }
        Path out = Paths.get(args[0]);
        String flavor = Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR");
        if (flavor == null || !flavor.startsWith("cu")) {
            throw new IllegalArgumentException("PYTORCH_FLAVOR must name a CUDA build (e.g. cu128), got " + flavor);
        }
        Platform platform = Platform.detectPlatform("pytorch");
        if (!platform.isPlaceholder()) {
            throw new IllegalStateException("A bundled libtorch is on the class path (" + platform.getFlavor()
                    + "); remove the pytorch-native-cpu jar from the warm-up class path");
        }
        String version = platform.getVersion();
        String djlVersion = platform.getApiVersion();
        String classifier = platform.getClassifier();

        try {
            LibUtils.loadLibrary(); // downloads into $DJL_CACHE_DIR/pytorch/<version>-<flavor>-<classifier>/
            System.out.println("libtorch loaded: " + LibUtils.getLibtorchPath());
        } catch (Throwable e) { // UnsatisfiedLinkError without a driver at build time
            System.out.println("DJL could not load libtorch here (expected without a GPU driver; the download is checked next): " + e);
        }

        Path cached = Utils.getEngineCacheDir("pytorch").resolve(version + '-' + flavor + '-' + classifier);
        if (!Files.isRegularFile(cached.resolve(System.mapLibraryName("torch")))) {
            throw new IllegalStateException("no libtorch in " + cached + "; DJL cache holds: " + list(cached.getParent()));
        }
        Files.createDirectories(out);
        try (Stream<Path> files = Files.list(cached)) {
            for (Path f : files.filter(CudaNativesWarmUp::isSharedLibrary).collect(Collectors.toList())) {
                Files.copy(f, out.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        copyJni(out.resolve(djlVersion + '-' + JNI_LIB), version, djlVersion, classifier, flavor);
        System.out.println("CUDA libtorch " + version + " (" + flavor + ") ready in " + out + ": " + list(out));
    }

    /** The JNI glue for this flavor: from the pytorch-jni jar when it bundles one, else from DJL's site. */
    private static void copyJni(Path target, String version, String djlVersion, String classifier, String flavor)
            throws IOException {
        String resource = "/jnilib/" + classifier + '/' + flavor + '/' + JNI_LIB;
        try (InputStream bundled = LibUtils.class.getResourceAsStream(resource)) {
            if (bundled != null) {
                Files.copy(bundled, target, StandardCopyOption.REPLACE_EXISTING);
                return;
            }
        }
        String url = "https://publish.djl.ai/pytorch/" + version + "/jnilib/" + djlVersion + '/' + classifier + '/'
                + flavor + '/' + JNI_LIB;
        System.out.println("downloading " + url);
        try (InputStream remote = new URL(url).openStream()) {
            Files.copy(remote, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isSharedLibrary(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p) && (name.endsWith(".so") || name.contains(".so."))
                && !name.endsWith(JNI_LIB);
    }

    private static List<String> list(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir, 2)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList());
        }
    }
}
