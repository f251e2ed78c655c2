# Sourced by the bench scripts: the generated feeds served by nginx on 127.0.0.1.
#   serve_feeds WORK PORT FEEDS ITEMS   generates WORK/www and starts nginx with WORK/nginx.conf
#   stop_feeds WORK                     stops it (for the scripts' exit traps)
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then apt-get install -y -qq nginx-light >/dev/null; fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

serve_feeds() {
  local work=$1 port=$2 feeds=$3 items=$4
  /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/generate_feeds.py" "$work/www" "$feeds" "$items"
  chmod a+rx "$work"
  chmod -R a+rX "$work/www"  # nginx workers run as www-data
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/rss+xml xml; }
  server { listen 127.0.0.1:$port; root $work/www; etag on; }
}
CONF
  "$NGINX" -p "$work" -c "$work/nginx.conf"
}

stop_feeds() {
  [ -f "$1/nginx.pid" ] && "$NGINX" -p "$1" -c "$1/nginx.conf" -s stop 2>/dev/null || true
}
