# Sourced by the bin/ scripts after they set $root.

# mvn_build ARGS...: a Maven build (-DskipTests) that shows one line per module on stderr instead of nothing for
# minutes; the whole log goes to target/build.log, and its tail is shown when the build fails.
mvn_build() {
  local log="$root/target/build.log" rc=0
  mkdir -p "$root/target"
  { (cd "$root" && ./mvnw -B -DskipTests "$@" 2>&1) | tee "$log" \
      | { grep --line-buffered -E '^\[INFO\] Building .+\[[0-9]+/[0-9]+\]' \
          | sed -u -E 's/^\[INFO\] Building (.*[^ ]) +\[([0-9]+\/[0-9]+)\].*/  building \1  [\2]/' >&2 || true; }; } \
    || rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "build failed (exit $rc); the whole log: $log" >&2
    return "$rc"
  fi
}

# without_libtorch_notice CMD...: runs CMD with one line taken out of its stderr: libtorch's "AutoNonVariableTypeMode
# is deprecated" warning about DJL's own JNI glue, printed once per process on a CPU machine. Nothing a user can act
# on, and neither TORCH_CPP_LOG_LEVEL nor DJL's logging reaches it. Everything else passes through, line by line.
without_libtorch_notice() {
  local rc=0
  "$@" 2> >(grep -v --line-buffered 'AutoNonVariableTypeMode is deprecated' >&2) || rc=$?
  return "$rc"
}
