<?php
/**
 * Second half of the test site's installation, run by wp-site.sh with the PHP CLI after
 * wp-admin/install.php: activates the copied plugin, points it at the review service, sets
 * permalinks and time zone, creates the editor account and application passwords, and prints
 * KEY=VALUE lines for the tests.
 *
 * Usage: php setup.php <port> <service-url>
 */
if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}
$port    = (int) $argv[1];
$service = (string) $argv[2];

$_SERVER['HTTP_HOST']        = '127.0.0.1:' . $port;
$_SERVER['SERVER_NAME']      = '127.0.0.1';
$_SERVER['SERVER_PORT']      = (string) $port;
$_SERVER['REQUEST_URI']      = '/';
$_SERVER['WORDPRESS_CONFIG'] = (string) getenv( 'SRG_E2E_WORDPRESS_CONFIG' );
define( 'WP_ADMIN', true );
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

function srg_setup_fail( $what ) {
	fwrite( STDERR, "setup: $what\n" );
	exit( 1 );
}

update_option( 'timezone_string', 'Asia/Shanghai' );
update_option( 'permalink_structure', '/archives/%post_id%' );
update_option( 'WPLANG', 'zh_CN' );
update_option( 'posts_per_rss', 50 );
update_option( 'rss_use_excerpt', 0 );
global $wp_rewrite;
$wp_rewrite->init();
$wp_rewrite->flush_rules( false );

update_option(
	'secrecy_review_gate_settings',
	array(
		'service_url' => untrailingslashit( $service ),
		'auth'        => 'basic',
		'username'    => 'cms',
		'password'    => 'cms',
		'token'       => '',
		'channel'     => 'WEBSITE',
		'post_types'  => 'post,page',
		'timeout'     => 20,
	)
);
$activated = activate_plugin( 'secrecy-review-gate/secrecy-review-gate.php' );
if ( is_wp_error( $activated ) ) {
	srg_setup_fail( 'plugin not activated: ' . $activated->get_error_message() );
}

$editor_password = wp_generate_password( 20, false );
$editor_id       = wp_insert_user(
	array(
		'user_login' => 'bianji',
		'user_pass'  => $editor_password,
		'user_email' => 'bianji@example.invalid',
		'role'       => 'editor',
		'locale'     => 'zh_CN',
	)
);
if ( is_wp_error( $editor_id ) ) {
	srg_setup_fail( 'editor not created: ' . $editor_id->get_error_message() );
}
$admin = get_user_by( 'login', 'admin' );
if ( ! $admin ) {
	srg_setup_fail( 'no admin account' );
}
$out = array(
	'EDITOR_USER'     => 'bianji',
	'EDITOR_PASSWORD' => $editor_password,
);
foreach ( array( 'ADMIN' => $admin->ID, 'EDITOR' => $editor_id ) as $who => $user_id ) {
	// the block editor's welcome guide would cover the editor in the browser tests
	update_user_meta( $user_id, $GLOBALS['wpdb']->get_blog_prefix() . 'persisted_preferences', array( 'core/edit-post' => array( 'welcomeGuide' => false ), '_modified' => gmdate( 'c' ) ) );
	$created = WP_Application_Passwords::create_new_application_password( $user_id, array( 'name' => 'e2e' ) );
	if ( is_wp_error( $created ) ) {
		srg_setup_fail( 'application password: ' . $created->get_error_message() );
	}
	$out[ $who . '_APP_PASSWORD' ] = $created[0];
}
foreach ( $out as $key => $value ) {
	echo $key . '=' . $value . "\n";
}
