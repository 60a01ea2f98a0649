#!/usr/bin/env bash
# Runs the mail gate (SMTP proxy that checks every outgoing message through the review service).
# Configured by environment variables MAIL_GATE_* (see deploy/mail/README.md); MAIL_GATE_PASSWORD
# or MAIL_GATE_PASSWORD_FILE is required. Builds the application first when needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
app=target/quarkus-app
if [ ! -d "$app/app" ] || [ -n "$(find src pom.xml -newer "$app/quarkus-run.jar" -print -quit 2>/dev/null)" ]; then
  echo "构建中（首次运行需下载依赖）…" >&2
  mvn -B -q -DskipTests package
fi
# One line per log record; the gate logs references, verdicts, senders and recipients' domains, never content.
exec java ${MAIL_GATE_JAVA_OPTS:--Xms64m -Xmx512m} \
  -Djava.util.logging.SimpleFormatter.format='%1$tF %1$tT %4$s [%3$s] %5$s%6$s%n' \
  -cp "$app/app/*:$app/lib/main/*" cn.disclosure.review.mailgate.MailGate "$@"
