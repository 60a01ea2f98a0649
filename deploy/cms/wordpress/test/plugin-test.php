<?php
/**
 * Tests of the WordPress plugin's publishing logic against mini-wordpress.php.
 * Run: php deploy/cms/wordpress/test/plugin-test.php   (exit code 0 when all pass)
 */

require __DIR__ . '/mini-wordpress.php';
require __DIR__ . '/../secrecy-review-gate/secrecy-review-gate.php';

$passed   = 0;
$failed   = 0;
$failures = array();

function check( $condition, $what ) {
	if ( ! $condition ) {
		throw new RuntimeException( $what );
	}
}

function test( $name, $body ) {
	global $passed, $failed, $failures;
	MiniWP::reset();
	try {
		$body();
		$passed++;
		echo "ok - $name\n";
	} catch ( Throwable $e ) {
		$failed++;
		$failures[] = $name;
		echo "not ok - $name: " . $e->getMessage() . "\n";
	}
}

function configure( $extra = array() ) {
	MiniWP::$options[ Secrecy_Review_Gate::OPTION ] = array_merge(
		array(
			'service_url' => 'https://review.example.gov.cn',
			'auth'        => 'basic',
			'username'    => 'cms',
			'password'    => 'cms-password',
			'channel'     => 'WEBSITE',
			'post_types'  => 'post,page',
			'timeout'     => 10,
		),
		$extra
	);
	do_action( 'rest_api_init' );
}

function gate_answers( $json, $status = 200 ) {
	MiniWP::$http_script[] = function () use ( $json, $status ) {
		return array(
			'response' => array( 'code' => $status ),
			'body'     => is_string( $json ) ? $json : json_encode( $json ),
		);
	};
}

function allowed( $publication_id = 41 ) {
	gate_answers( array( 'allowed' => true, 'reasons' => array(), 'reminders' => array( '保密提醒：涉密不上网，上网不涉密。' ), 'publicationId' => $publication_id ) );
}

function refused( $reasons ) {
	gate_answers( array( 'allowed' => false, 'reasons' => $reasons, 'reminders' => array( '保密提醒：涉密不上网，上网不涉密。', '门户网站提醒' ) ) );
}

function draft( $content = '<p>关于开展安全生产检查的通知</p>', $title = 'Notice' ) {
	return wp_insert_post( array( 'post_title' => $title, 'post_content' => wp_slash( $content ), 'post_status' => 'draft' ) );
}

function publish_classic( $id, $content = null ) {
	Secrecy_Review_Gate::reset_request_state();
	$arr = array( 'ID' => $id, 'post_status' => 'publish' );
	if ( null !== $content ) {
		$arr['post_content'] = wp_slash( $content );
	}
	return wp_update_post( $arr );
}

function refusal_meta( $id ) {
	return get_post_meta( $id, Secrecy_Review_Gate::META_REFUSAL, true );
}

// ---------------------------------------------------------------------------------------------

test( 'an allowed post is published after exactly one gate call with the documented body', function () {
	configure();
	$id = draft( '<p>关于开展"安全生产"检查的通知</p>' );
	update_post_meta( $id, Secrecy_Review_Gate::META_DRAFT_ID, '17' );
	allowed( 41 );
	publish_classic( $id );
	check( 'publish' === get_post( $id )->post_status, 'post is published' );
	$calls = MiniWP::gate_calls();
	check( 1 === count( $calls ), 'one gate call, got ' . count( $calls ) );
	check( 'https://review.example.gov.cn/api/v1/publish-gate' === $calls[0]['url'], 'gate URL' );
	$body = json_decode( $calls[0]['args']['body'], true );
	check( 'WEBSITE' === $body['channel'], 'channel' );
	check( '<p>关于开展"安全生产"检查的通知</p>' === $body['content'], 'content sent unslashed and whole: ' . $body['content'] );
	check( 'https://www.example.gov.cn/notice/' === $body['url'], 'future permalink: ' . $body['url'] );
	check( 17 === $body['draftId'], 'draft id from post meta' );
	check( 'Basic ' . base64_encode( 'cms:cms-password' ) === $calls[0]['args']['headers']['Authorization'], 'basic auth' );
	check( 0 === $calls[0]['args']['redirection'], 'no redirects followed' );
	check( '' === refusal_meta( $id ), 'no refusal kept' );
	check( 41 === get_post_meta( $id, Secrecy_Review_Gate::META_ALLOWED, true ), 'publication id kept' );
} );

test( 'a refused post stays a draft and keeps the reasons for the editor', function () {
	configure();
	$id = draft();
	refused( array( '缺少保密办审查', '检查发现密级标志' ) );
	publish_classic( $id );
	check( 'draft' === get_post( $id )->post_status, 'still a draft' );
	$meta = refusal_meta( $id );
	check( array( '缺少保密办审查', '检查发现密级标志' ) === $meta['reasons'], 'reasons kept' );
	check( in_array( '门户网站提醒', $meta['reminders'], true ), 'reminders kept' );
	$location = apply_filters( 'redirect_post_location', 'https://www.example.gov.cn/wp-admin/post.php?post=' . $id . '&action=edit&message=6', $id );
	check( false === strpos( $location, 'message=6' ) && false !== strpos( $location, 'srg_refused=1' ), 'classic editor does not say published: ' . $location );
} );

test( 'fail closed: unreachable service, HTTP errors, bad answers and no configuration never publish', function () {
	$cases = array(
		'unreachable'      => function () {
			MiniWP::$http_script[] = function () {
				return new WP_Error( 'http_request_failed', 'cURL error 28: Operation timed out' );
			};
		},
		'http 500'         => function () {
			gate_answers( array( 'status' => 500, 'code' => 'internal-error', 'detail' => '服务内部错误' ), 500 );
		},
		'http 401'         => function () {
			gate_answers( array( 'status' => 401, 'code' => 'unauthenticated' ), 401 );
		},
		'not json'         => function () {
			gate_answers( '<html>proxy error</html>' );
		},
		'allowed not bool' => function () {
			gate_answers( array( 'allowed' => 'true' ) );
		},
		'no allowed field' => function () {
			gate_answers( array( 'reasons' => array() ) );
		},
	);
	foreach ( $cases as $name => $arrange ) {
		MiniWP::reset();
		configure();
		$id = draft();
		$arrange();
		publish_classic( $id );
		check( 'draft' === get_post( $id )->post_status, "$name: not published" );
		check( ! empty( refusal_meta( $id )['reasons'] ), "$name: a reason is shown" );
		check( ! empty( refusal_meta( $id )['reminders'] ), "$name: reminders are shown" );
		check( 1 === count( MiniWP::$http_calls ), "$name: one request only, no second wait for the reminders" );
	}
	MiniWP::reset();
	configure();
	$id = draft();
	gate_answers( array( 'status' => 401 ), 401 );
	publish_classic( $id );
	check( false !== strpos( refusal_meta( $id )['reasons'][0], 'CMS 角色' ), 'credential problem explained' );

	MiniWP::reset();
	MiniWP::$options[ Secrecy_Review_Gate::OPTION ] = array();
	$id = draft();
	publish_classic( $id );
	check( 'draft' === get_post( $id )->post_status, 'unconfigured: not published' );
	check( false !== strpos( refusal_meta( $id )['reasons'][0], '尚未配置' ), 'unconfigured explained' );
	check( 0 === count( MiniWP::gate_calls() ), 'nothing sent anywhere' );
} );

test( 'block editor: a refusal is a WP_Error with reasons and reminders, nothing saved', function () {
	configure();
	$id = draft( '<!-- wp:paragraph --><p>原文</p><!-- /wp:paragraph -->' );
	refused( array( '内容与审查通过的版本不一致' ) );
	$result = rest_save_post( array( 'id' => $id, 'status' => 'publish', 'content' => '<!-- wp:paragraph --><p>改过的</p><!-- /wp:paragraph -->' ) );
	check( is_wp_error( $result ), 'error returned' );
	check( 'secrecy_review_refused' === $result->get_error_code(), 'error code' );
	check( false !== strpos( $result->get_error_message(), '内容与审查通过的版本不一致' ), 'reason in message' );
	check( false !== strpos( $result->get_error_message(), '涉密不上网' ), 'reminder in message' );
	check( 403 === $result->get_error_data()['status'], 'HTTP 403' );
	check( 'draft' === get_post( $id )->post_status, 'not published' );
	check( '<!-- wp:paragraph --><p>原文</p><!-- /wp:paragraph -->' === get_post( $id )->post_content, 'nothing saved' );
} );

test( 'block editor: an allowed publish asks the gate once although three hooks see it', function () {
	configure();
	$id = draft();
	allowed();
	$result = rest_save_post( array( 'id' => $id, 'status' => 'publish', 'content' => '<p>关于开展安全生产检查的通知</p>', 'meta' => array( '_secrecy_review_draft_id' => '23' ) ) );
	check( $id === $result, 'saved' );
	check( 'publish' === get_post( $id )->post_status, 'published' );
	$calls = MiniWP::gate_calls();
	check( 1 === count( $calls ), 'one gate call, got ' . count( $calls ) );
	check( 23 === json_decode( $calls[0]['args']['body'], true )['draftId'], 'draft id from the REST request meta' );
} );

test( 'a new post inserted as publish asks once; a refused new post is a draft with its reasons', function () {
	configure();
	allowed();
	$id = wp_insert_post( array( 'post_title' => 'Direct', 'post_content' => wp_slash( '<p>直接发布</p>' ), 'post_status' => 'publish' ) );
	check( 'publish' === get_post( $id )->post_status, 'published' );
	check( 1 === count( MiniWP::gate_calls() ), 'one gate call, got ' . count( MiniWP::gate_calls() ) );

	Secrecy_Review_Gate::reset_request_state();
	refused( array( '缺少科室负责人审查' ) );
	$id2 = wp_insert_post( array( 'post_title' => 'Direct 2', 'post_content' => wp_slash( '<p>另一篇</p>' ), 'post_status' => 'publish' ) );
	check( 'draft' === get_post( $id2 )->post_status, 'refused new post is a draft' );
	check( array( '缺少科室负责人审查' ) === refusal_meta( $id2 )['reasons'], 'reasons attached to the new post' );
} );

test( 'a live post: unchanged text needs no gate; changed text is refused and the live text stays', function () {
	configure();
	$id = draft( '<p>已审查的正文</p>' );
	allowed();
	publish_classic( $id );
	check( 'publish' === get_post( $id )->post_status, 'published' );

	// formatting only: no new approval needed
	Secrecy_Review_Gate::reset_request_state();
	wp_update_post( array( 'ID' => $id, 'post_content' => wp_slash( "<p>已审查的\n正文</p>" ), 'post_status' => 'publish' ) );
	check( 1 === count( MiniWP::gate_calls() ), 'no further gate call' );

	// a real change: refused, nothing saved
	Secrecy_Review_Gate::reset_request_state();
	refused( array( '已按该审查结果发布过' ) );
	$died = null;
	try {
		wp_update_post( array( 'ID' => $id, 'post_content' => wp_slash( '<p>偷偷改过的正文</p>' ), 'post_status' => 'publish' ) );
	} catch ( WP_Die_Called $e ) {
		$died = $e;
	}
	check( null !== $died, 'the update is stopped' );
	check( false !== strpos( $died->html, '已按该审查结果发布过' ), 'reason shown' );
	check( "<p>已审查的\n正文</p>" === get_post( $id )->post_content, 'live text unchanged' );
	check( 'publish' === get_post( $id )->post_status, 'still online' );

	// the block editor gets an error instead
	Secrecy_Review_Gate::reset_request_state();
	refused( array( '已按该审查结果发布过' ) );
	$result = rest_save_post( array( 'id' => $id, 'content' => '<p>偷偷改过的正文</p>' ) );
	check( is_wp_error( $result ), 'REST update refused' );
} );

test( 'scheduled posts are asked when due; a refused one becomes a draft', function () {
	configure();
	$id = wp_insert_post( array( 'post_title' => 'Later', 'post_content' => wp_slash( '<p>定时</p>' ), 'post_status' => 'future' ) );
	check( 0 === count( MiniWP::gate_calls() ), 'scheduling alone does not ask' );
	refused( array( '缺少保密办审查' ) );
	Secrecy_Review_Gate::reset_request_state();
	run_cron_for_future_post( $id );
	check( 'draft' === get_post( $id )->post_status, 'refused: draft, got ' . get_post( $id )->post_status );
	check( array( '缺少保密办审查' ) === refusal_meta( $id )['reasons'], 'reasons kept' );

	$id2 = wp_insert_post( array( 'post_title' => 'Later 2', 'post_content' => wp_slash( '<p>定时二</p>' ), 'post_status' => 'future' ) );
	allowed();
	Secrecy_Review_Gate::reset_request_state();
	run_cron_for_future_post( $id2 );
	check( 'publish' === get_post( $id2 )->post_status, 'allowed: published' );
	check( 2 === count( MiniWP::gate_calls() ), 'one call per scheduled post' );
} );

test( 'something that goes online around the filters is taken back', function () {
	configure();
	$id = draft();
	refused( array( '未经审查' ) );
	wp_publish_post( $id );
	check( 'draft' === get_post( $id )->post_status, 'reverted to draft' );
	check( array( '未经审查' ) === refusal_meta( $id )['reasons'], 'reasons kept' );
} );

test( 'a later filter cannot put a refused post back to publish', function () {
	configure();
	$id = draft();
	refused( array( '未经审查' ) );
	add_filter(
		'wp_insert_post_data',
		function ( $data ) {
			$data['post_status'] = 'publish';
			return $data;
		},
		PHP_INT_MAX,
		1
	);
	$died = false;
	try {
		publish_classic( $id );
	} catch ( WP_Die_Called $e ) {
		$died = true;
	}
	remove_all_hooks_for_test( 'wp_insert_post_data' );
	add_filter( 'wp_insert_post_data', array( 'Secrecy_Review_Gate', 'filter_insert_post_data' ), PHP_INT_MAX, 4 );
	check( $died, 'pre_post_update stops the save' );
	check( 'draft' === get_post( $id )->post_status, 'not published' );
} );

test( 'a bearer token from wp-config.php is used; other post types are not gated', function () {
	define( 'SECRECY_REVIEW_GATE_TOKEN', 'eyJ.test.token' );
	configure();
	$id = draft();
	allowed();
	publish_classic( $id );
	check( 'Bearer eyJ.test.token' === MiniWP::gate_calls()[0]['args']['headers']['Authorization'], 'bearer header' );

	$other = wp_insert_post( array( 'post_type' => 'attachment', 'post_title' => 'x', 'post_content' => '', 'post_status' => 'publish' ) );
	check( 'publish' === get_post( $other )->post_status, 'ungated type unaffected' );
	check( 1 === count( MiniWP::gate_calls() ), 'no call for ungated type' );
} );

test( 'reminders come from the service and are cached, with a built-in text when it cannot be reached', function () {
	configure();
	$r = Secrecy_Review_Gate::reminders();
	check( array( '保密提醒：涉密不上网，上网不涉密。', '门户网站提醒' ) === $r, 'from the service' );
	$get = array_values( array_filter( MiniWP::$http_calls, function ( $c ) { return 'GET' === $c['args']['method']; } ) );
	check( false !== strpos( $get[0]['url'], '/api/v1/reminders?channel=WEBSITE' ), 'reminders URL: ' . $get[0]['url'] );
	Secrecy_Review_Gate::reminders();
	check( 1 === count( MiniWP::$http_calls ), 'cached' );

	MiniWP::reset();
	MiniWP::$options[ Secrecy_Review_Gate::OPTION ] = array();
	$fallback = Secrecy_Review_Gate::reminders();
	check( false !== strpos( $fallback[0], '涉密不上网' ), 'built-in reminder' );
} );

echo "\n$passed passed, $failed failed\n";
exit( $failed > 0 ? 1 : 0 );
