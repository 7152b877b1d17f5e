#!/bin/sh
# scripts/rootfs.sh BINARY DIR — the container's entire root file system, and nothing else:
#   /usr/local/bin/odoo-mcp                        the compiled binary
#   the dynamic loader and C library files it links (ldd; the binary is dynamically linked)
#   /etc/ssl/certs/ca-certificates.crt             CA certificates, for an Odoo served over HTTPS
#   /etc/passwd, /etc/group                        root and the non-root user odoo-mcp (uid/gid 10001)
#   /etc/nsswitch.conf                             hosts: files dns
#   /tmp (1777), /home/odoo-mcp and /app/logs (owned by odoo-mcp), /app/config (the documentation's config mount)
# Used by the Dockerfile's build stage and by `make image` (offline, from the locally built binary).
set -eu
bin=$1
root=$2
certs=${CA_CERTIFICATES:-/etc/ssl/certs/ca-certificates.crt}
[ -x "$bin" ] || { echo "rootfs: no executable at $bin (run make build)" >&2; exit 1; }
[ -f "$certs" ] || { echo "rootfs: no CA certificates at $certs (apt-get install ca-certificates)" >&2; exit 1; }
rm -rf "$root"
mkdir -p "$root/usr/local/bin" "$root/etc/ssl/certs" "$root/tmp" "$root/home/odoo-mcp" "$root/app/config" \
  "$root/app/logs"
cp "$bin" "$root/usr/local/bin/odoo-mcp"
# ldd prints "libc.so.6 => /lib/.../libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)": every absolute path.
libs=$(ldd "$bin" | grep -o '/[^ ]*' | sort -u)
[ -n "$libs" ] || { echo "rootfs: ldd found no libraries for $bin" >&2; exit 1; }
for lib in $libs; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp -L "$certs" "$root/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/sbin/nologin\nodoo-mcp:x:10001:10001:odoo-mcp:/home/odoo-mcp:/sbin/nologin\n' \
  >"$root/etc/passwd"
printf 'root:x:0:\nodoo-mcp:x:10001:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"
chown 10001:10001 "$root/home/odoo-mcp" "$root/app/logs"
chmod 0755 "$root/usr/local/bin/odoo-mcp"
