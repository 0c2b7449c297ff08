# Sourced by ./cosd and .ci/run: finds a JDK >= 21 and exports JAVA_HOME.
# Order: $COSD_JAVA_HOME, $JAVA_HOME, `java` on PATH, then the usual install locations
# (/usr/lib/jvm/*, /opt/java/*). The machine's default java may be 17, which is too old.
cosd_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | head -1 | cut -d. -f1
}
cosd_find_jdk() {
  local cand
  local -a cands=()
  [ -n "${COSD_JAVA_HOME:-}" ] && cands+=("$COSD_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    cands+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for cand in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do [ -d "$cand" ] && cands+=("$cand"); done
  local best="" bestv=0 v
  for cand in "${cands[@]}"; do
    [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    v=$(cosd_java_major "$cand")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best="$cand"; bestv="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "cosd: no JDK >= 21 found (looked at \$COSD_JAVA_HOME, \$JAVA_HOME, java on PATH, /usr/lib/jvm/*, /opt/java/*)." >&2
    echo "cosd: install one (for example Temurin 21 or 25) or set COSD_JAVA_HOME to its directory." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven's own guava calls sun.misc.Unsafe, which JDK 23+ warns about on every build (JEP 471/498):
  # allow it for Maven's JVM only, so `./cosd serve` prints cosd's lines alone. Older JDKs lack the flag.
  if [ "$bestv" -ge 23 ] && [[ " ${MAVEN_OPTS:-} " != *" --sun-misc-unsafe-memory-access="* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
}
