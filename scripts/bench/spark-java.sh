# Sourced by the benchmarks: spark_java ARGS... runs a JVM with the opens Spark needs on Java 17 and the
# built jar on Spark's classpath (jobs/target/spark-classpath.txt); set SPARK_JAVA_CP_EXTRA to put more first.
repo_home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spark_java() {
  local version opens=() package
  version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$repo_home/pom.xml" | head -n 1)"
  for package in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
      java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
      sun.security.action sun.util.calendar; do
    opens+=("--add-opens=java.base/$package=ALL-UNNAMED")
  done
  opens+=(--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false)
  SPARK_LOCAL_IP=127.0.0.1 "${JAVA_HOME:+$JAVA_HOME/bin/}java" "${opens[@]}" \
    -cp "${SPARK_JAVA_CP_EXTRA:+$SPARK_JAVA_CP_EXTRA:}$repo_home/jobs/target/trainyard-$version.jar:$(cat "$repo_home/jobs/target/spark-classpath.txt")" \
    "$@"
}
