<?php
/*
 * WordPress configuration of the secrecy-review-gate end-to-end tests, installed as
 * /etc/wordpress/config-srg-e2e.php by deploy/cms/wordpress/test/site/wp-site.sh (Debian's
 * wp-config.php loads it when the server sets WORDPRESS_CONFIG=srg-e2e, see router.php).
 * Each test site passes its own database socket, password, content directory and secret in the
 * environment of its PHP processes, so several test sites can run side by side.
 */
$srg_e2e_env = static function ( $name ) {
	$value = getenv( $name );
	if ( false === $value || '' === $value ) {
		header( 'HTTP/1.0 500 Internal Server Error' );
		echo 'srg-e2e: ' . $name . " is not set\n";
		exit( 1 );
	}
	return $value;
};

define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wordpress' );
define( 'DB_PASSWORD', $srg_e2e_env( 'SRG_E2E_DB_PASSWORD' ) );
define( 'DB_HOST', 'localhost:' . $srg_e2e_env( 'SRG_E2E_DB_SOCKET' ) );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_CONTENT_DIR', $srg_e2e_env( 'SRG_E2E_CONTENT_DIR' ) );

foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $srg_e2e_key ) {
	define( $srg_e2e_key, hash( 'sha256', $srg_e2e_env( 'SRG_E2E_SECRET' ) . '/' . $srg_e2e_key ) );
}

// Tests send traffic to loopback only: WordPress may call itself and the review service on
// 127.0.0.1, nothing else (no update checks, no oEmbed discovery, no translations download).
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
// Application passwords over plain http on 127.0.0.1.
define( 'WP_ENVIRONMENT_TYPE', 'local' );
// Scheduled posts: the tests run wp-cron.php themselves when a post is due.
define( 'DISABLE_WP_CRON', true );
define( 'DISALLOW_FILE_EDIT', true );
// Every PHP warning and notice goes to the site's log; the tests read it.
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', $srg_e2e_env( 'SRG_E2E_DEBUG_LOG' ) );
define( 'WP_DEBUG_DISPLAY', false );
@ini_set( 'display_errors', '0' );
