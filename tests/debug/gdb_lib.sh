# Shared by the gdb-multiarch tests: start `vp --gdb 0 --gdb-wait ARGS...`,
# learn its port, run GDB on the commands in $work/cmds, check.
#   start_vp ARGS...   (sets $port, $vp_pid; $vp must be set)
#   run_gdb ELF        (runs $work/cmds; fails unless vp then exits 0)
#   expect REGEX       (a line of GDB's output must match)
work=$(mktemp -d)
trap 'kill $vp_pid 2>/dev/null; rm -rf "$work"' EXIT
touch "$work/gdb.out" "$work/vp.err"
fail() { echo "FAIL: $*"; echo "--- gdb:"; cat "$work/gdb.out"; echo "--- vp stderr:"; cat "$work/vp.err"; exit 1; }

start_vp() {
  "$vp" "$@" --gdb 0 --gdb-wait >"$work/vp.out" 2>"$work/vp.err" &
  vp_pid=$!
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/^vp: gdb: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/vp.err")
    [ -n "$port" ] && return
    sleep 0.1
  done
  fail "vp did not announce its gdb port"
}

run_gdb() {
  timeout 100 gdb-multiarch -batch -nx -x "$work/cmds" "$1" >"$work/gdb.out" 2>&1
  wait $vp_pid
  local rc=$?
  cat "$work/gdb.out"
  [ $rc -eq 0 ] || fail "vp exit code $rc, expected 0"
}

expect() { grep -Eq "$1" "$work/gdb.out" || fail "gdb output lacks /$1/"; }
