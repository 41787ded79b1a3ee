# Sourced by the bench-* scripts. bench_classpath NAME prints the class path of the benchmarks (engine/src/jmh,
# compiled with the tests), building them first when the class path file is missing or a source or pom is newer.
# One reactor call (-pl engine -am) compiles connectors and engine and writes each module's test class path: in
# that call connectors resolves to connectors/target/classes, so nothing has to be installed in ~/.m2 and a fresh
# clone works with Java 17 and Maven. The dependency plugin's version is pinned in the root pom.
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench_cp_file="$bench_root/engine/target/test.classpath"

bench_stale() {
  [ -f "$bench_cp_file" ] || return 0
  [ -n "$(find "$bench_root/pom.xml" "$bench_root/engine/pom.xml" "$bench_root/connectors/pom.xml" \
      "$bench_root/engine/src" "$bench_root/connectors/src/main" -newer "$bench_cp_file" -type f -print -quit \
      2>/dev/null)" ]
}

bench_classpath() {
  if bench_stale; then
    echo "$1: building the benchmarks (first run or sources changed)…" >&2
    # outputFile is relative: each module writes its own target/test.classpath.
    (cd "$bench_root" && mvn -q -B -pl engine -am test-compile \
        org.apache.maven.plugins:maven-dependency-plugin:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath) >&2
    touch "$bench_cp_file" # newer than the sources even when its content did not change
  fi
  echo "$bench_root/engine/target/test-classes:$bench_root/engine/target/classes:$(cat "$bench_cp_file")"
}
