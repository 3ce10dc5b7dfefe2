#!/usr/bin/env bash
# Builds DJL's PyTorch JNI glue (libdjl_torch.so) against another libtorch than the bundled 2.7.1 (for example the one
# inside a PyTorch CPU wheel) and puts it where DJL looks for it. Opt-in, nothing runs it by default: DJL's own JNI
# crashes on another libtorch (the tensor layout changed), and DJL serves no JNI newer than 2.7.1.
# Measured with PyTorch 2.13.0+cpu: builds with no source change, parity holds, the bf16 training step is about 10 %
# faster, inference and MEPD within the machine's noise (results/PERFORMANCE.md).
#
# usage: docker/libtorch-jni.sh DJL_CHECKOUT TORCH_DIR
#   DJL_CHECKOUT  a checkout of github.com/deepjavalibrary/djl at the tag of our DJL version (v0.36.0); only read
#   TORCH_DIR     a libtorch with headers and CMake files, e.g. the wheel's torch/ directory
#                 (python3 -m pip install --no-deps --no-index --target DIR torch; then DIR/torch)
# then run with: PYTORCH_LIBRARY_PATH=TORCH_DIR/lib PYTORCH_VERSION=<printed> PYTORCH_FLAVOR=cpu
set -euo pipefail

if [ $# -ne 2 ]; then
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
djl=$(cd "$1" && pwd)
torch=$(cd "$2" && pwd)
djl_version=${DJL_VERSION:-0.36.0}
m2=${MAVEN_REPOSITORY:-$HOME/.m2/repository}
cache=${DJL_CACHE_DIR:-$HOME/.djl.ai}
# CMake's FindJNI looks for jni.h under JAVA_HOME.
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}

[ -f "$djl/engines/pytorch/pytorch-native/CMakeLists.txt" ] || { echo "not a DJL checkout: $djl" >&2; exit 2; }
[ -d "$torch/include/torch" ] && [ -d "$torch/share/cmake/Torch" ] \
    || { echo "no libtorch headers and CMake files under $torch" >&2; exit 2; }
torch_version=$(sed -n "s/^__version__ = '\([0-9][0-9.]*\).*/\1/p" "$torch/version.py" 2>/dev/null || true)
[ -n "$torch_version" ] || { echo "cannot read the libtorch version from $torch/version.py" >&2; exit 2; }
api_jar=$m2/ai/djl/api/$djl_version/api-$djl_version.jar
engine_jar=$m2/ai/djl/pytorch/pytorch-engine/$djl_version/pytorch-engine-$djl_version.jar
[ -f "$api_jar" ] && [ -f "$engine_jar" ] || { echo "DJL $djl_version jars not in $m2 (build the project first)" >&2; exit 2; }

# A copy of the two source trees the build reads, laid out as in the checkout (CMake finds djl/utils.h by a
# relative path); the checkout is not written to.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/engines/pytorch" "$work/api/src/main"
cp -r "$djl/engines/pytorch/pytorch-native" "$work/engines/pytorch/"
cp -r "$djl/api/src/main/native" "$work/api/src/main/"
native=$work/engines/pytorch/pytorch-native
mkdir -p "$native/build/include" "$native/build/classes"

# The JNI header, from the Java side's native declarations.
javac -cp "$api_jar:$engine_jar" -sourcepath "$djl/engines/pytorch/pytorch-engine/src/main/java" \
    -h "$native/build/include" -d "$native/build/classes" \
    "$djl/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"

(cd "$native/build" && cmake -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$torch/share/cmake" .. >/dev/null \
    && make -j"$(nproc)")

target=$cache/pytorch/$torch_version-cpu-linux-x86_64
mkdir -p "$target"
install -m 0755 "$native/build/libdjl_torch.so" "$target/$djl_version-libdjl_torch.so"
echo "installed $target/$djl_version-libdjl_torch.so"
echo "run with: PYTORCH_LIBRARY_PATH=$torch/lib PYTORCH_VERSION=$torch_version PYTORCH_FLAVOR=cpu"
