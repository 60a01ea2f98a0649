<?php
/**
 * The review service's API as the plugin uses it: the publish gate, the file check, withdrawals,
 * the account check and the 保密提醒. Every answer that is not a well-formed success is a
 * refusal (fail closed); transport errors are reported by class only (no addresses, no content).
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

final class Secrecy_Review_Gate_Client {
	const REMINDERS_TIMEOUT = 3;
	const REMINDERS_TTL     = 600;
	const FAILURE_TTL       = 60;

	/** @var array<string,mixed> Answers already fetched in this request (reminders, failures). */
	private static $memo = array();

	/** Settings, with constants from wp-config.php taking precedence (keep secrets out of the database). */
	public static function settings() {
		$saved    = get_option( Secrecy_Review_Gate::OPTION, array() );
		$saved    = is_array( $saved ) ? $saved : array();
		$settings = array_merge(
			array(
				'service_url' => '',
				'auth'        => 'basic',
				'username'    => '',
				'password'    => '',
				'token'       => '',
				'channel'     => 'WEBSITE',
				'post_types'  => 'post,page',
				'timeout'     => 15,
			),
			$saved
		);
		$constants = array(
			'service_url' => 'SECRECY_REVIEW_GATE_URL',
			'username'    => 'SECRECY_REVIEW_GATE_USER',
			'password'    => 'SECRECY_REVIEW_GATE_PASSWORD',
			'token'       => 'SECRECY_REVIEW_GATE_TOKEN',
			'channel'     => 'SECRECY_REVIEW_GATE_CHANNEL',
		);
		foreach ( $constants as $key => $constant ) {
			if ( defined( $constant ) && '' !== (string) constant( $constant ) ) {
				$settings[ $key ] = (string) constant( $constant );
			}
		}
		if ( defined( 'SECRECY_REVIEW_GATE_TOKEN' ) && '' !== (string) SECRECY_REVIEW_GATE_TOKEN ) {
			$settings['auth'] = 'bearer';
		}
		$settings['service_url'] = untrailingslashit( (string) $settings['service_url'] );
		$settings['timeout']     = max( 2, min( 60, (int) $settings['timeout'] ) );
		return $settings;
	}

	public static function channel() {
		return self::settings()['channel'];
	}

	private static function auth_header( $s ) {
		if ( 'bearer' === $s['auth'] && '' !== $s['token'] ) {
			return array( 'Authorization' => 'Bearer ' . $s['token'] );
		}
		if ( '' !== $s['username'] ) {
			return array( 'Authorization' => 'Basic ' . base64_encode( $s['username'] . ':' . $s['password'] ) );
		}
		return array();
	}

	/**
	 * One call to the service. Returns array{status:int, json:mixed} or a WP_Error whose code says
	 * what failed: srg_not_configured, srg_timeout, srg_unreachable.
	 */
	private static function call( $method, $path, $body, $content_type, $timeout ) {
		$s = self::settings();
		if ( '' === $s['service_url'] ) {
			return new WP_Error( 'srg_not_configured', __( '尚未配置保密审查服务地址。请管理员在“设置 → 保密审查闸口”中配置。', 'secrecy-review-gate' ) );
		}
		$args = array(
			'method'      => $method,
			'timeout'     => $timeout,
			'redirection' => 0,
			'headers'     => array_merge( array( 'Accept' => 'application/json' ), self::auth_header( $s ) ),
		);
		if ( null !== $body ) {
			$args['headers']['Content-Type'] = $content_type;
			$args['body']                    = $body;
			$args['data_format']             = 'body';
		}
		$response = wp_remote_request( $s['service_url'] . $path, $args );
		if ( is_wp_error( $response ) ) {
			$timed_out = false !== stripos( $response->get_error_message(), 'timed out' );
			return $timed_out
				? new WP_Error( 'srg_timeout', __( '保密审查服务在规定时间内没有答复（超时）', 'secrecy-review-gate' ) )
				: new WP_Error( 'srg_unreachable', __( '无法连接保密审查服务', 'secrecy-review-gate' ) );
		}
		return array(
			'status' => (int) wp_remote_retrieve_response_code( $response ),
			'json'   => json_decode( (string) wp_remote_retrieve_body( $response ), true ),
		);
	}

	/** A refusal made by the plugin itself (the service did not answer usefully). */
	public static function refusal( $code, $message ) {
		return array(
			'allowed'       => false,
			'unchanged'     => false,
			'reasons'       => array(
				array(
					'code'    => $code,
					'message' => $message,
				),
			),
			'reminders'     => self::reminders( false ),
			'publicationId' => null,
			'draftId'       => null,
			'diff'          => array(),
		);
	}

	/** Reasons as [{code, message}], from the service's objects or plain strings. */
	private static function reasons( $list ) {
		$out = array();
		if ( ! is_array( $list ) ) {
			return $out;
		}
		foreach ( $list as $r ) {
			if ( is_array( $r ) && isset( $r['message'] ) && is_scalar( $r['message'] ) ) {
				$out[] = array(
					'code'    => isset( $r['code'] ) && is_scalar( $r['code'] ) ? (string) $r['code'] : '',
					'message' => (string) $r['message'],
				);
			} elseif ( is_scalar( $r ) ) {
				$out[] = array(
					'code'    => '',
					'message' => (string) $r,
				);
			}
		}
		return $out;
	}

	public static function strings( $list ) {
		return is_array( $list ) ? array_values( array_map( 'strval', array_filter( $list, 'is_scalar' ) ) ) : array();
	}

	/** Why a failed call is a refusal, in words an editor can pass on to the administrator. */
	private static function failure_refusal( $result, $what ) {
		if ( is_wp_error( $result ) ) {
			if ( 'srg_not_configured' === $result->get_error_code() ) {
				return self::refusal( 'not-configured', __( '尚未配置保密审查服务地址，不能发布。请管理员在“设置 → 保密审查闸口”中配置。', 'secrecy-review-gate' ) );
			}
			return self::refusal(
				'srg_timeout' === $result->get_error_code() ? 'timeout' : 'unreachable',
				/* translators: 1: what failed, 2: what is refused */
				sprintf( __( '%1$s，为安全起见%2$s。请稍后重试或联系保密审查管理员。', 'secrecy-review-gate' ), $result->get_error_message(), $what )
			);
		}
		$status = $result['status'];
		$answer = $result['json'];
		if ( 401 === $status || 403 === $status ) {
			/* translators: %s: what is refused */
			$message = sprintf( __( '保密审查服务拒绝了本站的凭据（需要 CMS 角色），%s。请管理员检查插件设置。', 'secrecy-review-gate' ), $what );
			$code    = 'credentials';
		} else {
			/* translators: 1: HTTP status, 2: what is refused */
			$message = sprintf( __( '保密审查服务返回错误（HTTP %1$d），%2$s。', 'secrecy-review-gate' ), $status, $what );
			$code    = 'http-' . $status;
		}
		if ( is_array( $answer ) && ! empty( $answer['detail'] ) && is_scalar( $answer['detail'] ) ) {
			$message .= ' ' . (string) $answer['detail'];
		}
		return self::refusal( $code, $message );
	}

	/**
	 * Asks the publish gate. $body: channel, content, title, excerpt, media, url, draftId,
	 * publicationId. Always returns array{allowed, unchanged, reasons[{code,message}], reminders,
	 * publicationId, draftId, diff}; anything but a well-formed allowed answer is a refusal.
	 */
	public static function gate( array $body ) {
		$result = self::call( 'POST', '/api/v1/publish-gate', wp_json_encode( $body ), 'application/json; charset=utf-8', self::settings()['timeout'] );
		$what   = __( '暂不允许发布', 'secrecy-review-gate' );
		if ( is_wp_error( $result ) || 200 !== $result['status'] ) {
			$refusal = self::failure_refusal( $result, $what );
			if ( ! is_wp_error( $result ) && is_array( $result['json'] ) && ! empty( $result['json']['reasons'] ) ) {
				$refusal['reasons'] = array_merge( $refusal['reasons'], self::reasons( $result['json']['reasons'] ) );
			}
			return $refusal;
		}
		$answer = $result['json'];
		if ( ! is_array( $answer ) || ! array_key_exists( 'allowed', $answer ) || ! is_bool( $answer['allowed'] ) ) {
			return self::refusal( 'bad-answer', __( '保密审查服务的答复无法识别，为安全起见不允许发布。', 'secrecy-review-gate' ) );
		}
		$reminders = isset( $answer['reminders'] ) ? self::strings( $answer['reminders'] ) : array();
		if ( $reminders ) {
			self::remember_reminders( $body['channel'], $reminders );
		}
		$reasons = isset( $answer['reasons'] ) ? self::reasons( $answer['reasons'] ) : array();
		if ( true !== $answer['allowed'] && ! $reasons ) {
			$reasons = array(
				array(
					'code'    => '',
					'message' => __( '保密审查未通过。', 'secrecy-review-gate' ),
				),
			);
		}
		return array(
			'allowed'       => true === $answer['allowed'],
			'unchanged'     => isset( $answer['unchanged'] ) && true === $answer['unchanged'],
			'reasons'       => $reasons,
			'reminders'     => $reminders ? $reminders : self::reminders( false ),
			'publicationId' => isset( $answer['publicationId'] ) && is_numeric( $answer['publicationId'] ) ? (int) $answer['publicationId'] : null,
			'draftId'       => isset( $answer['draftId'] ) && is_numeric( $answer['draftId'] ) ? (int) $answer['draftId'] : null,
			'diff'          => isset( $answer['diff'] ) && is_array( $answer['diff'] ) ? $answer['diff'] : array(),
		);
	}

	/**
	 * Inspects one file with POST /api/v1/check. Returns array{verdict: PASS|WARN|BLOCK|ERROR,
	 * reasons: string[]}; ERROR when the service could not give a verdict (fail closed: not PASS).
	 */
	public static function check_file( $path, $name ) {
		$bytes = is_readable( $path ) ? file_get_contents( $path ) : false; // phpcs:ignore WordPress.WP.AlternativeFunctions
		if ( false === $bytes ) {
			return array(
				'verdict' => 'ERROR',
				'reasons' => array( __( '无法读取上传的文件。', 'secrecy-review-gate' ) ),
			);
		}
		return self::check_bytes( $bytes, $name );
	}

	public static function check_bytes( $bytes, $name ) {
		$boundary = 'srg' . wp_generate_password( 24, false );
		$safe     = str_replace( array( '"', "\r", "\n", '\\' ), '_', (string) $name );
		$body     = '--' . $boundary . "\r\n"
			. "Content-Disposition: form-data; name=\"channel\"\r\n\r\n" . self::channel() . "\r\n"
			// the file name is public too (attachment title, URL): inspected as the title
			. '--' . $boundary . "\r\n"
			. "Content-Disposition: form-data; name=\"title\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" . $safe . "\r\n"
			. '--' . $boundary . "\r\n"
			. 'Content-Disposition: form-data; name="file"; filename="' . $safe . "\"\r\n"
			. "Content-Type: application/octet-stream\r\n\r\n" . $bytes . "\r\n"
			. '--' . $boundary . "--\r\n";
		$result   = self::call( 'POST', '/api/v1/check', $body, 'multipart/form-data; boundary=' . $boundary, self::settings()['timeout'] );
		if ( is_wp_error( $result ) || 200 !== $result['status'] ) {
			$refusal = self::failure_refusal( $result, __( '文件暂不公开', 'secrecy-review-gate' ) );
			return array(
				'verdict' => 'ERROR',
				'reasons' => wp_list_pluck( $refusal['reasons'], 'message' ),
			);
		}
		$answer = $result['json'];
		if ( ! is_array( $answer ) || ! isset( $answer['verdict'] ) || ! in_array( $answer['verdict'], array( 'PASS', 'WARN', 'BLOCK' ), true ) ) {
			return array(
				'verdict' => 'ERROR',
				'reasons' => array( __( '保密审查服务的答复无法识别，文件暂不公开。', 'secrecy-review-gate' ) ),
			);
		}
		$reasons = array();
		if ( ! empty( $answer['findings'] ) && is_array( $answer['findings'] ) ) {
			foreach ( $answer['findings'] as $f ) {
				if ( ! is_array( $f ) ) {
					continue;
				}
				// the finding's message and where it is, never the matched text itself
				$message = isset( $f['message'] ) && is_scalar( $f['message'] ) ? (string) $f['message'] : __( '检查发现问题', 'secrecy-review-gate' );
				$where   = isset( $f['part'] ) && is_scalar( $f['part'] ) && '' !== (string) $f['part'] ? '（' . $f['part'] . '）' : '';
				$level   = isset( $f['severity'] ) && 'BLOCK' === $f['severity'] ? __( '禁止公开', 'secrecy-review-gate' ) : __( '需人工审查', 'secrecy-review-gate' );
				$reasons[] = $level . '：' . $message . $where;
			}
		}
		if ( 'PASS' !== $answer['verdict'] && ! $reasons ) {
			$reasons[] = 'BLOCK' === $answer['verdict'] ? __( '自动检查结论为禁止公开。', 'secrecy-review-gate' ) : __( '自动检查结论为需人工审查。', 'secrecy-review-gate' );
		}
		return array(
			'verdict' => $answer['verdict'],
			'reasons' => array_values( array_unique( $reasons ) ),
		);
	}

	/**
	 * Records a withdrawal (撤稿) of a publication. Returns true when the service has it (now or
	 * before), or a WP_Error to retry later.
	 */
	public static function withdraw( $publication_id, $reason ) {
		$result = self::call(
			'POST',
			'/api/v1/publications/' . rawurlencode( (string) (int) $publication_id ) . '/withdrawal',
			wp_json_encode( array( 'reason' => (string) $reason ) ),
			'application/json; charset=utf-8',
			self::settings()['timeout']
		);
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		if ( 200 === $result['status'] || 201 === $result['status'] ) {
			return true;
		}
		$code = is_array( $result['json'] ) && isset( $result['json']['code'] ) ? (string) $result['json']['code'] : '';
		if ( 409 === $result['status'] && 'already-withdrawn' === $code ) {
			return true;
		}
		/* translators: %d: HTTP status */
		return new WP_Error( 'srg_http', sprintf( __( '保密审查服务返回 HTTP %d', 'secrecy-review-gate' ), $result['status'] ) );
	}

	/**
	 * The account the plugin signs in with: array{username, roles} or WP_Error. The settings page
	 * says "connected" only when the account has the CMS role.
	 */
	public static function whoami() {
		$result = self::call( 'GET', '/api/v1/me', null, '', self::REMINDERS_TIMEOUT + 2 );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		if ( 401 === $result['status'] ) {
			return new WP_Error( 'srg_credentials', __( '保密审查服务不接受本站的账号或令牌（HTTP 401）。', 'secrecy-review-gate' ) );
		}
		if ( 200 !== $result['status'] || ! is_array( $result['json'] ) || ! isset( $result['json']['roles'] ) || ! is_array( $result['json']['roles'] ) ) {
			/* translators: %d: HTTP status */
			return new WP_Error( 'srg_http', sprintf( __( '保密审查服务没有正确答复账号查询（HTTP %d）。', 'secrecy-review-gate' ), $result['status'] ) );
		}
		return array(
			'username' => isset( $result['json']['username'] ) ? (string) $result['json']['username'] : '',
			'roles'    => self::strings( $result['json']['roles'] ),
		);
	}

	// ------------------------------------------------------------------ 保密提醒

	private static function reminders_key( $channel ) {
		return 'srg_reminders_' . strtolower( $channel );
	}

	private static function remember_reminders( $channel, $reminders ) {
		self::$memo[ 'reminders:' . $channel ] = $reminders;
		set_transient( self::reminders_key( $channel ), $reminders, self::REMINDERS_TTL );
		delete_transient( self::reminders_key( $channel ) . '_fail' );
	}

	public static function forget_reminders( $channel ) {
		unset( self::$memo[ 'reminders:' . $channel ] );
		delete_transient( self::reminders_key( $channel ) );
		delete_transient( self::reminders_key( $channel ) . '_fail' );
	}

	/**
	 * The channel's 保密提醒: remembered for this request, cached for ten minutes, fetched with a
	 * short timeout at most once per minute while the service fails; a built-in text otherwise.
	 */
	public static function reminders( $may_fetch = true ) {
		$channel = self::channel();
		$key     = 'reminders:' . $channel;
		if ( isset( self::$memo[ $key ] ) ) {
			return self::$memo[ $key ];
		}
		$cached = get_transient( self::reminders_key( $channel ) );
		if ( is_array( $cached ) && $cached ) {
			self::$memo[ $key ] = $cached;
			return $cached;
		}
		if ( $may_fetch && ! get_transient( self::reminders_key( $channel ) . '_fail' ) ) {
			$fetched = self::fetch_reminders( $channel );
			if ( ! is_wp_error( $fetched ) ) {
				self::remember_reminders( $channel, $fetched );
				return $fetched;
			}
			set_transient( self::reminders_key( $channel ) . '_fail', 1, self::FAILURE_TTL );
		}
		$fallback = array(
			__( '保密提醒：涉密不上网，上网不涉密。发布前须经本单位保密审查，未经审查不得公开。', 'secrecy-review-gate' ),
			__( '（暂时无法从保密审查服务获取本渠道的保密提醒；服务恢复前不能发布。）', 'secrecy-review-gate' ),
		);
		self::$memo[ $key ] = $fallback;
		return $fallback;
	}

	/** @return string[]|WP_Error */
	public static function fetch_reminders( $channel ) {
		$result = self::call( 'GET', '/api/v1/reminders?channel=' . rawurlencode( $channel ), null, '', self::REMINDERS_TIMEOUT );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		if ( 200 !== $result['status'] ) {
			/* translators: %d: HTTP status */
			return new WP_Error( 'srg_http', sprintf( __( '保密审查服务返回 HTTP %d（请检查账号或令牌）。', 'secrecy-review-gate' ), $result['status'] ) );
		}
		if ( ! is_array( $result['json'] ) || empty( $result['json']['reminders'] ) ) {
			return new WP_Error( 'srg_answer', __( '保密审查服务的答复无法识别。', 'secrecy-review-gate' ) );
		}
		return self::strings( $result['json']['reminders'] );
	}
}
