#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL (embedded), real Tika, real Tesseract, a real
# headless Chromium and a real WordPress (Debian's package, MariaDB, php -S) for the CMS plugin.
# Installs the system packages the tests need when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v tesseract >/dev/null || need+=(tesseract-ocr tesseract-ocr-chi-sim)
[ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata 2>/dev/null)" ] || need+=(tesseract-ocr-chi-sim)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)  # Chinese text in test PDFs/PNGs
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v php >/dev/null || need+=(php-cli)
command -v node >/dev/null || need+=(nodejs)
[ -x /usr/sbin/postfix ] || need+=(postfix)  # the mail gate's reference MTA (PostfixGateTest runs instances of its own on loopback)
# the WordPress plugin's end-to-end tests: Debian's WordPress, MariaDB and PHP's extensions
[ -f /usr/share/wordpress/wp-settings.php ] || need+=(wordpress)
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v curl >/dev/null || need+=(curl)
for ext in mysqli:php-mysql curl:php-curl xml:php-xml mbstring:php-mbstring; do
  command -v php >/dev/null && php -r "exit(extension_loaded('${ext%%:*}') ? 0 : 1);" || need+=("${ext#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "安装测试所需的系统软件包：${need[*]}"
    apt-get update -qq
    # Postfix installed without a system configuration: nothing listens until a test starts its own instance
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    # no service is started by the packages (the tests start their own MariaDB and web server)
    no_start=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && no_start=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    [ -z "$no_start" ] || rm -f /usr/sbin/policy-rc.d
  else
    echo "缺少系统软件包：${need[*]}（请以 root 运行或先安装）" >&2
    exit 1
  fi
fi
echo "== CMS integrations: JavaScript gate snippet and WordPress plugin"
node --test deploy/cms/js/test/secrecy-review-gate.test.js
for f in deploy/cms/wordpress/secrecy-review-gate/*.php deploy/cms/wordpress/secrecy-review-gate/includes/*.php deploy/cms/wordpress/test/site/*.php; do
  php -l "$f" >/dev/null
done
node --check deploy/cms/wordpress/secrecy-review-gate/editor.js
bash -n deploy/cms/wordpress/test/site/wp-site.sh
# the plugin in a real WordPress runs inside mvn verify (WordPressPluginE2ETest, WordPressEditorsE2ETest)
echo "== service: unit, integration and browser tests"
exec mvn -B verify "$@"
