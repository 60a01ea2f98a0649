<?php
/**
 * A small stand-in for the parts of WordPress the plugin touches, with the same hook order as
 * wp_insert_post() (wp_insert_post_data → pre_post_update → write → transition_post_status →
 * save_post), wp_publish_post(), the cron path of scheduled posts and the REST posts controller
 * (rest_pre_insert_{type} → wp_insert_post). HTTP calls go to a scripted fake gate that records
 * each request.
 */

define( 'ABSPATH', __DIR__ . '/' );
define( 'MINUTE_IN_SECONDS', 60 );

class WP_Error {
	private $code;
	private $message;
	private $data;

	public function __construct( $code = '', $message = '', $data = '' ) {
		$this->code    = $code;
		$this->message = $message;
		$this->data    = $data;
	}

	public function get_error_code() {
		return $this->code;
	}

	public function get_error_message() {
		return $this->message;
	}

	public function get_error_data() {
		return $this->data;
	}
}

class WP_Post {
	public $ID;
	public $post_type    = 'post';
	public $post_status  = 'draft';
	public $post_title   = '';
	public $post_content = '';
	public $post_name    = '';
}

class WP_REST_Request {
	private $params;

	public function __construct( $params ) {
		$this->params = $params;
	}

	public function get_param( $key ) {
		return isset( $this->params[ $key ] ) ? $this->params[ $key ] : null;
	}
}

/** wp_die() ends the request in WordPress; here it throws so a test can see it. */
class WP_Die_Called extends RuntimeException {
	public $html;

	public function __construct( $html ) {
		parent::__construct( 'wp_die' );
		$this->html = $html;
	}
}

final class MiniWP {
	public static $hooks      = array();
	public static $options    = array();
	public static $transients = array();
	public static $posts      = array();
	public static $meta       = array();
	public static $next_id    = 1;
	/** Scripted gate: a list of callables(url, args) returning a response array or WP_Error. */
	public static $http_script = array();
	public static $http_calls  = array();

	public static function reset() {
		self::$options     = array();
		self::$transients  = array();
		self::$posts       = array();
		self::$meta        = array();
		self::$next_id     = 1;
		self::$http_script = array();
		self::$http_calls  = array();
		Secrecy_Review_Gate::reset_request_state();
	}

	public static function gate_calls() {
		return array_values(
			array_filter(
				self::$http_calls,
				function ( $c ) {
					return false !== strpos( $c['url'], '/api/v1/publish-gate' );
				}
			)
		);
	}
}

function add_filter( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	MiniWP::$hooks[ $hook ][ $priority ][] = array( $callback, $accepted_args );
	return true;
}

function add_action( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	return add_filter( $hook, $callback, $priority, $accepted_args );
}

function remove_all_hooks_for_test( $hook ) {
	unset( MiniWP::$hooks[ $hook ] );
}

function apply_filters( $hook, $value, ...$args ) {
	if ( empty( MiniWP::$hooks[ $hook ] ) ) {
		return $value;
	}
	$byPriority = MiniWP::$hooks[ $hook ];
	ksort( $byPriority );
	foreach ( $byPriority as $callbacks ) {
		foreach ( $callbacks as list( $cb, $accepted ) ) {
			$value = call_user_func_array( $cb, array_slice( array_merge( array( $value ), $args ), 0, $accepted ) );
		}
	}
	return $value;
}

function do_action( $hook, ...$args ) {
	if ( empty( MiniWP::$hooks[ $hook ] ) ) {
		return;
	}
	$byPriority = MiniWP::$hooks[ $hook ];
	ksort( $byPriority );
	foreach ( $byPriority as $callbacks ) {
		foreach ( $callbacks as list( $cb, $accepted ) ) {
			call_user_func_array( $cb, array_slice( $args, 0, $accepted ) );
		}
	}
}

function register_uninstall_hook( $file, $cb ) {
}

function __( $text, $domain = null ) {
	return $text;
}

function esc_html__( $text, $domain = null ) {
	return esc_html( $text );
}

function esc_html( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}

function get_option( $name, $default = false ) {
	return array_key_exists( $name, MiniWP::$options ) ? MiniWP::$options[ $name ] : $default;
}

function get_transient( $key ) {
	return isset( MiniWP::$transients[ $key ] ) ? MiniWP::$transients[ $key ] : false;
}

function set_transient( $key, $value, $ttl = 0 ) {
	MiniWP::$transients[ $key ] = $value;
	return true;
}

function delete_transient( $key ) {
	unset( MiniWP::$transients[ $key ] );
}

function wp_json_encode( $data ) {
	return json_encode( $data, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES );
}

function is_wp_error( $thing ) {
	return $thing instanceof WP_Error;
}

function wp_remote_post( $url, $args ) {
	return mini_http( $url, $args + array( 'method' => 'POST' ) );
}

function wp_remote_get( $url, $args ) {
	return mini_http( $url, $args + array( 'method' => 'GET' ) );
}

function mini_http( $url, $args ) {
	MiniWP::$http_calls[] = array(
		'url'  => $url,
		'args' => $args,
	);
	if ( false !== strpos( $url, '/api/v1/reminders' ) ) {
		return array(
			'response' => array( 'code' => 200 ),
			'body'     => json_encode( array( 'channel' => 'WEBSITE', 'reminders' => array( '保密提醒：涉密不上网，上网不涉密。', '门户网站提醒' ) ) ),
		);
	}
	if ( ! MiniWP::$http_script ) {
		return new WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect (no scripted answer)' );
	}
	$next = array_shift( MiniWP::$http_script );
	return $next( $url, $args );
}

function wp_remote_retrieve_response_code( $response ) {
	return is_array( $response ) ? $response['response']['code'] : '';
}

function wp_remote_retrieve_body( $response ) {
	return is_array( $response ) ? $response['body'] : '';
}

function wp_unslash( $value ) {
	return is_string( $value ) ? stripslashes( $value ) : $value;
}

function wp_slash( $value ) {
	return is_string( $value ) ? addslashes( $value ) : $value;
}

function wp_strip_all_tags( $text ) {
	return trim( strip_tags( preg_replace( '@<(script|style)[^>]*?>.*?</\\1>@si', '', (string) $text ) ) );
}

function sanitize_title( $title, $fallback = '' ) {
	$slug = strtolower( trim( preg_replace( '/[^A-Za-z0-9]+/', '-', (string) $title ), '-' ) );
	return '' === $slug ? (string) $fallback : $slug;
}

function sanitize_text_field( $s ) {
	return trim( strip_tags( (string) $s ) );
}

function wp_verify_nonce( $nonce, $action ) {
	return 'valid-nonce' === $nonce ? 1 : false;
}

function add_query_arg( $args, $url = '' ) {
	if ( ! is_array( $args ) ) {
		$args = array( $args => $url );
		$url  = func_get_arg( 2 );
	}
	$sep = ( false === strpos( $url, '?' ) ) ? '?' : '&';
	return $url . $sep . http_build_query( $args );
}

function remove_query_arg( $key, $url ) {
	return preg_replace( '/([?&])' . preg_quote( $key, '/' ) . '=[^&]*(&|$)/', '$1', $url );
}

function get_post( $id = null ) {
	$id = $id instanceof WP_Post ? $id->ID : (int) $id;
	return isset( MiniWP::$posts[ $id ] ) ? clone MiniWP::$posts[ $id ] : null;
}

function get_post_field( $field, $id ) {
	$p = get_post( $id );
	return $p ? $p->$field : '';
}

function get_permalink( $post ) {
	$post = $post instanceof WP_Post ? $post : get_post( $post );
	if ( 'publish' !== $post->post_status ) {
		return 'https://www.example.gov.cn/?p=' . $post->ID;
	}
	return 'https://www.example.gov.cn/' . $post->post_name . '/';
}

function wp_is_post_revision( $id ) {
	return false;
}

function get_post_meta( $id, $key, $single = false ) {
	return isset( MiniWP::$meta[ $id ][ $key ] ) ? MiniWP::$meta[ $id ][ $key ] : '';
}

function update_post_meta( $id, $key, $value ) {
	MiniWP::$meta[ $id ][ $key ] = $value;
	return true;
}

function delete_post_meta( $id, $key ) {
	unset( MiniWP::$meta[ $id ][ $key ] );
	return true;
}

function wp_die( $message = '', $title = '', $args = array() ) {
	throw new WP_Die_Called( $message );
}

/** The hook order of WordPress's wp_insert_post(); $postarr is slashed like in WordPress. */
function wp_insert_post( $postarr ) {
	$id      = isset( $postarr['ID'] ) ? (int) $postarr['ID'] : 0;
	$update  = $id > 0;
	$current = $update ? get_post( $id ) : null;
	$data    = array(
		'post_type'    => isset( $postarr['post_type'] ) ? $postarr['post_type'] : ( $current ? $current->post_type : 'post' ),
		'post_status'  => isset( $postarr['post_status'] ) ? $postarr['post_status'] : ( $current ? $current->post_status : 'draft' ),
		'post_title'   => isset( $postarr['post_title'] ) ? $postarr['post_title'] : ( $current ? wp_slash( $current->post_title ) : '' ),
		'post_content' => isset( $postarr['post_content'] ) ? $postarr['post_content'] : ( $current ? wp_slash( $current->post_content ) : '' ),
		'post_name'    => $current ? $current->post_name : '',
	);
	if ( 'publish' === $data['post_status'] && '' === $data['post_name'] ) {
		$data['post_name'] = sanitize_title( wp_unslash( $data['post_title'] ) );
	}
	$previous_status = $current ? $current->post_status : 'new';
	$data            = apply_filters( 'wp_insert_post_data', $data, $postarr, $postarr, $update );
	if ( $update ) {
		do_action( 'pre_post_update', $id, $data );
	} else {
		$id = MiniWP::$next_id++;
	}
	$post               = $current ? $current : new WP_Post();
	$post->ID           = $id;
	$post->post_type    = $data['post_type'];
	$post->post_status  = $data['post_status'];
	$post->post_title   = wp_unslash( $data['post_title'] );
	$post->post_content = wp_unslash( $data['post_content'] );
	$post->post_name    = $data['post_name'];
	MiniWP::$posts[ $id ] = $post;
	do_action( 'transition_post_status', $data['post_status'], $previous_status, get_post( $id ) );
	do_action( 'save_post', $id, get_post( $id ), $update );
	return $id;
}

function wp_update_post( $postarr ) {
	return wp_insert_post( $postarr );
}

/** Like WordPress: a direct status write, then the transition hooks (no wp_insert_post_data). */
function wp_publish_post( $id ) {
	$post = get_post( $id );
	if ( 'publish' === $post->post_status ) {
		return;
	}
	$old                                = $post->post_status;
	MiniWP::$posts[ $id ]->post_status = 'publish';
	if ( '' === MiniWP::$posts[ $id ]->post_name ) {
		MiniWP::$posts[ $id ]->post_name = sanitize_title( $post->post_title );
	}
	do_action( 'transition_post_status', 'publish', $old, get_post( $id ) );
}

function check_and_publish_future_post( $id ) {
	$post = get_post( $id );
	if ( ! $post || 'future' !== $post->post_status ) {
		return;
	}
	wp_publish_post( $id );
}

/** What WP-Cron does when a scheduled post is due. */
function run_cron_for_future_post( $id ) {
	do_action( 'publish_future_post', $id );
}

/** WP_REST_Posts_Controller::update_item()/create_item(), reduced to the hook order. */
function rest_save_post( $params ) {
	$prepared = new stdClass();
	if ( isset( $params['id'] ) ) {
		$prepared->ID = (int) $params['id'];
	}
	if ( isset( $params['status'] ) ) {
		$prepared->post_status = $params['status'];
	}
	if ( isset( $params['content'] ) ) {
		$prepared->post_content = $params['content'];
	}
	if ( isset( $params['title'] ) ) {
		$prepared->post_title = $params['title'];
	}
	$type     = isset( $params['type'] ) ? $params['type'] : 'post';
	$prepared->post_type = $type;
	$prepared = apply_filters( "rest_pre_insert_{$type}", $prepared, new WP_REST_Request( $params ) );
	if ( is_wp_error( $prepared ) ) {
		return $prepared;
	}
	$postarr = array();
	foreach ( (array) $prepared as $k => $v ) {
		$postarr[ $k ] = wp_slash( $v );
	}
	return wp_insert_post( $postarr );
}

add_action( 'publish_future_post', 'check_and_publish_future_post', 10, 1 );

function current_user_can( $capability, ...$args ) {
	return true;
}
