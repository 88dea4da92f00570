# Finds a JDK 25 or newer and exports JAVA_HOME; sourced by ./kiln, ./build and .ci/run.
# Order: $JAVA_HOME if it is new enough, then the JDKs installed in /usr/lib/jvm.

kiln_java_feature() { # prints the feature release of the JDK at $1, e.g. 25
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

kiln_find_jdk() {
  local candidate v
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    v=$(kiln_java_feature "$candidate")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  cat >&2 <<'MSG'
kiln: error: Kiln needs a JDK 25 or newer (with javac), and none was found.
Install one (for example Eclipse Temurin 25, or your distribution's openjdk-25-jdk package),
then set JAVA_HOME to it, or install it under /usr/lib/jvm.
MSG
  return 1
}
