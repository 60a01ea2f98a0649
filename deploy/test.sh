#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL (embedded), real Tika, real Tesseract and a
# real headless Chromium. Installs the system packages the tests need when they are missing.
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
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "安装测试所需的系统软件包：${need[*]}"
    apt-get update -qq
    # Postfix installed without a system configuration: nothing listens until a test starts its own instance
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "缺少系统软件包：${need[*]}（请以 root 运行或先安装）" >&2
    exit 1
  fi
fi
echo "== CMS integrations: JavaScript gate snippet and WordPress plugin"
node --test deploy/cms/js/test/secrecy-review-gate.test.js
php -l deploy/cms/wordpress/secrecy-review-gate/secrecy-review-gate.php >/dev/null
php deploy/cms/wordpress/test/plugin-test.php
echo "== service: unit, integration and browser tests"
exec mvn -B verify "$@"
