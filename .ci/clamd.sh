#!/bin/sh
# Starts a ClamAV daemon for the test suite, offline: no freshclam, no download.
#
# Its only signature is a local body signature matching the EICAR test string, so the tests
# prove that an infected upload is refused without needing the real virus databases. The script
# is idempotent: when something already answers PING on the socket, it does nothing.
#
#   CLAMD_SOCKET   socket path (default /run/clamav/clamd.ctl, the Debian default, which is
#                  also the default of the CLAMD_SOCKET setting)
#   CLAMD_DIR      where the configuration, database and log go (default /tmp/maillage-clamd)
set -eu

SOCKET="${CLAMD_SOCKET:-/run/clamav/clamd.ctl}"
DIR="${CLAMD_DIR:-/tmp/maillage-clamd}"
CLAMD="${CLAMD_BIN:-$(command -v clamd || echo /usr/sbin/clamd)}"

ping_clamd() {
    python3 - "$SOCKET" <<'PY'
import socket, sys
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(2)
    s.connect(sys.argv[1])
    s.sendall(b"zPING\0")
    ok = s.recv(16).startswith(b"PONG")
except OSError:
    ok = False
sys.exit(0 if ok else 1)
PY
}

if ping_clamd; then
    echo "clamd répond déjà sur $SOCKET"
    exit 0
fi

if [ ! -x "$CLAMD" ]; then
    echo "clamd est introuvable : installez le paquet Debian clamav-daemon." >&2
    exit 1
fi

mkdir -p "$DIR/db" "$(dirname "$SOCKET")"
# A body signature (.ndb): name, any file type (0), anywhere (*), the hex of the EICAR marker.
HEX=$(printf 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE' | od -An -tx1 | tr -d ' \n')
printf 'Maillage.Test.EICAR:0:*:%s\n' "$HEX" > "$DIR/db/maillage-test.ndb"

cat > "$DIR/clamd.conf" <<CONF
LocalSocket $SOCKET
LocalSocketMode 660
FixStaleSocket yes
DatabaseDirectory $DIR/db
PidFile $DIR/clamd.pid
LogFile $DIR/clamd.log
TemporaryDirectory $DIR
Foreground no
ScanArchive yes
StreamMaxLength 40M
MaxScanSize 200M
MaxFileSize 40M
MaxThreads 4
SelfCheck 0
CONF

"$CLAMD" -c "$DIR/clamd.conf"

for _ in $(seq 1 60); do
    if ping_clamd; then
        echo "clamd prêt sur $SOCKET (signature de test EICAR seulement)"
        exit 0
    fi
    sleep 0.5
done
echo "clamd ne répond pas sur $SOCKET ; voir $DIR/clamd.log" >&2
exit 1
