<?php
/**
 * Router for `php -S` serving Debian's WordPress in the plugin's end-to-end tests; it stands in
 * for the Apache configuration Debian documents (README.Debian):
 * - `Alias /wp-content /var/lib/wordpress/wp-content`: files under /wp-content/ come from the
 *   test site's own content directory (SRG_E2E_CONTENT_DIR); PHP files there are never run;
 * - every other existing file is served from /usr/share/wordpress (PHP files run);
 * - anything else goes to index.php (pretty permalinks, like WordPress's .htaccess);
 * - `SetEnv WORDPRESS_CONFIG srg-e2e`: Debian's wp-config.php then reads
 *   /etc/wordpress/config-srg-e2e.php, whatever host name the request used.
 */
$_SERVER['WORDPRESS_CONFIG'] = (string) getenv( 'SRG_E2E_WORDPRESS_CONFIG' );

$root = rtrim( $_SERVER['DOCUMENT_ROOT'], '/' );
$path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
if ( '' === $path || false !== strpos( $path, "\0" ) || preg_match( '#(^|/)\.\.(/|$)#', $path ) ) {
	http_response_code( 400 );
	return true;
}

if ( '/wp-content' === $path || 0 === strpos( $path, '/wp-content/' ) ) {
	$file = rtrim( (string) getenv( 'SRG_E2E_CONTENT_DIR' ), '/' ) . substr( $path, strlen( '/wp-content' ) );
	if ( ! is_file( $file ) || preg_match( '/\.(php|phtml|phar)$/i', $file ) ) {
		http_response_code( 404 );
		header( 'Content-Type: text/plain; charset=utf-8' );
		echo "Not Found\n";
		return true;
	}
	$types = array(
		'css'   => 'text/css',
		'js'    => 'application/javascript',
		'json'  => 'application/json',
		'png'   => 'image/png',
		'jpg'   => 'image/jpeg',
		'jpeg'  => 'image/jpeg',
		'gif'   => 'image/gif',
		'webp'  => 'image/webp',
		'svg'   => 'image/svg+xml',
		'woff2' => 'font/woff2',
		'woff'  => 'font/woff',
		'ttf'   => 'font/ttf',
		'txt'   => 'text/plain; charset=utf-8',
		'pdf'   => 'application/pdf',
		'html'  => 'text/html; charset=utf-8',
	);
	$ext = strtolower( pathinfo( $file, PATHINFO_EXTENSION ) );
	header( 'Content-Type: ' . ( isset( $types[ $ext ] ) ? $types[ $ext ] : 'application/octet-stream' ) );
	header( 'Content-Length: ' . filesize( $file ) );
	header( 'X-Content-Type-Options: nosniff' );
	readfile( $file );
	return true;
}

if ( is_file( $root . $path ) || ( is_dir( $root . $path ) && is_file( rtrim( $root . $path, '/' ) . '/index.php' ) ) ) {
	return false; // the built-in server serves the file or runs the script
}

$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
chdir( $root );
require $root . '/index.php';
return true;
