<?php
/**
 * Runs PHP code inside the test site (WordPress loaded, as an administrator) and prints what the
 * code returns as JSON: the tests' way to change the plugin's settings or read what is stored.
 * Usage (environment from <state-dir>/env): php eval.php <port> '<php code returning a value>'
 */
if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}
$_SERVER['HTTP_HOST']        = '127.0.0.1:' . (int) $argv[1];
$_SERVER['SERVER_NAME']      = '127.0.0.1';
$_SERVER['SERVER_PORT']      = (string) (int) $argv[1];
$_SERVER['REQUEST_URI']      = '/';
$_SERVER['WORDPRESS_CONFIG'] = (string) getenv( 'SRG_E2E_WORDPRESS_CONFIG' );
require '/usr/share/wordpress/wp-load.php';
wp_set_current_user( 1 );
$srg_e2e_result = eval( $argv[2] ); // phpcs:ignore Squiz.PHP.Eval -- test tool
echo "\nSRG-E2E-RESULT:" . wp_json_encode( $srg_e2e_result ) . "\n";
