<?php
/**
 * Plugin Name:       保密审查发布闸口 (Secrecy Review Gate)
 * Description:       文章发布前调用信息公开保密审查服务的发布闸口（publish-gate）：未经审查通过或内容与审查版本不一致时阻止发布，并在编辑页面显示原因和保密提醒。服务不可用时不允许发布。
 * Version:           1.0.0
 * Requires at least: 5.8
 * Requires PHP:      7.4
 * Author:            信息公开保密审查服务
 * License:           GPL-2.0-or-later
 * Text Domain:       secrecy-review-gate
 *
 * How it works (fail closed):
 * - Whenever a post of a gated type is about to become `publish` (or the content of a published
 *   post changes), the plugin POSTs {channel, content, url, draftId} to {service}/api/v1/publish-gate
 *   and publishes only on {"allowed": true}. Anything else — refused, HTTP error, timeout,
 *   unreadable answer, no service configured — keeps the post from going online.
 * - Block editor (REST): `rest_pre_insert_{post_type}` returns a WP_Error, so Gutenberg shows the
 *   reasons and nothing is saved. Classic editor and other callers: `wp_insert_post_data` turns the
 *   status back to draft; `pre_post_update` refuses a status some later filter set back to
 *   publish; scheduled posts are checked on `publish_future_post`; `transition_post_status` is the
 *   last line that takes back anything that went online without an allowed answer.
 * - The gate records the publication when it allows, so it is called once per publication
 *   (answers are remembered for the rest of the request).
 * - The 保密提醒 of the channel are shown on the editor screen at all times.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

final class Secrecy_Review_Gate {
	const VERSION       = '1.0.0';
	const OPTION        = 'secrecy_review_gate_settings';
	const META_DRAFT_ID = '_secrecy_review_draft_id';
	const META_REFUSAL  = '_secrecy_review_gate_refusal';
	const META_ALLOWED  = '_secrecy_review_gate_publication';
	const NONCE         = 'secrecy_review_gate_meta';
	const CHANNELS      = array( 'WEBSITE', 'WECHAT', 'WEIBO' );

	/** @var array<int,array> Gate answers of this request, by post ID (0 = a post not yet inserted). */
	private static $answers = array();
	/** @var array<int,bool> Posts refused in this request (for the classic editor's redirect message). */
	private static $refused_in_request = array();
	/** @var array|null Answer for a post being inserted that has no ID yet: {fingerprint, answer}. */
	private static $pending_new = null;
	/** @var bool True while the plugin itself takes a post back to draft. */
	private static $reverting = false;

	public static function boot() {
		add_filter( 'wp_insert_post_data', array( __CLASS__, 'filter_insert_post_data' ), PHP_INT_MAX, 4 );
		add_action( 'pre_post_update', array( __CLASS__, 'guard_pre_post_update' ), PHP_INT_MAX, 2 );
		add_action( 'transition_post_status', array( __CLASS__, 'guard_transition' ), 1, 3 );
		add_action( 'publish_future_post', array( __CLASS__, 'check_future_post' ), 1, 1 );
		add_action( 'rest_api_init', array( __CLASS__, 'register_rest_filters' ) );
		add_filter( 'redirect_post_location', array( __CLASS__, 'redirect_after_refusal' ), 10, 2 );

		add_action( 'admin_menu', array( __CLASS__, 'add_settings_page' ) );
		add_action( 'admin_init', array( __CLASS__, 'register_settings' ) );
		add_action( 'admin_notices', array( __CLASS__, 'editor_notices' ) );
		add_action( 'add_meta_boxes', array( __CLASS__, 'add_meta_box' ) );
		add_action( 'save_post', array( __CLASS__, 'save_meta_box' ), 10, 2 );
		add_action( 'enqueue_block_editor_assets', array( __CLASS__, 'block_editor_notices' ) );
	}

	// ------------------------------------------------------------------ settings

	/** Settings, with constants from wp-config.php taking precedence (keep secrets out of the database). */
	public static function settings() {
		$saved    = get_option( self::OPTION, array() );
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
		return $settings;
	}

	public static function gated_post_types() {
		$types = array_filter( array_map( 'trim', explode( ',', (string) self::settings()['post_types'] ) ) );
		return apply_filters( 'secrecy_review_gate_post_types', $types );
	}

	public static function is_gated_type( $post_type ) {
		return in_array( $post_type, self::gated_post_types(), true );
	}

	public static function add_settings_page() {
		add_options_page(
			__( '保密审查闸口', 'secrecy-review-gate' ),
			__( '保密审查闸口', 'secrecy-review-gate' ),
			'manage_options',
			'secrecy-review-gate',
			array( __CLASS__, 'render_settings_page' )
		);
	}

	public static function register_settings() {
		register_setting(
			'secrecy_review_gate',
			self::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( __CLASS__, 'sanitize_settings' ),
				'default'           => array(),
			)
		);
	}

	public static function sanitize_settings( $input ) {
		$old   = get_option( self::OPTION, array() );
		$old   = is_array( $old ) ? $old : array();
		$input = is_array( $input ) ? $input : array();
		$out   = array();

		$url = isset( $input['service_url'] ) ? trim( (string) $input['service_url'] ) : '';
		$url = untrailingslashit( esc_url_raw( $url, array( 'http', 'https' ) ) );
		if ( '' === $url && ! empty( $input['service_url'] ) ) {
			add_settings_error( self::OPTION, 'service_url', __( '服务地址必须是 http 或 https 地址。', 'secrecy-review-gate' ) );
		}
		$out['service_url'] = $url;
		$out['auth']        = ( isset( $input['auth'] ) && 'bearer' === $input['auth'] ) ? 'bearer' : 'basic';
		$out['username']    = isset( $input['username'] ) ? sanitize_text_field( $input['username'] ) : '';
		// Secrets are never echoed back into the form: an empty field keeps the saved value.
		$out['password'] = ( isset( $input['password'] ) && '' !== $input['password'] )
			? (string) $input['password'] : ( isset( $old['password'] ) ? $old['password'] : '' );
		$out['token']    = ( isset( $input['token'] ) && '' !== $input['token'] )
			? trim( (string) $input['token'] ) : ( isset( $old['token'] ) ? $old['token'] : '' );
		$channel         = isset( $input['channel'] ) ? strtoupper( sanitize_text_field( $input['channel'] ) ) : 'WEBSITE';
		$out['channel']  = in_array( $channel, self::CHANNELS, true ) ? $channel : 'WEBSITE';
		$types           = isset( $input['post_types'] ) ? (string) $input['post_types'] : 'post,page';
		$out['post_types'] = implode( ',', array_filter( array_map( 'sanitize_key', explode( ',', $types ) ) ) );
		$timeout         = isset( $input['timeout'] ) ? (int) $input['timeout'] : 15;
		$out['timeout']  = max( 2, min( 60, $timeout ) );
		delete_transient( self::reminders_cache_key( $out['channel'] ) );
		return $out;
	}

	public static function render_settings_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$s = self::settings();
		$o = self::OPTION;
		?>
		<div class="wrap">
			<h1><?php esc_html_e( '保密审查发布闸口', 'secrecy-review-gate' ); ?></h1>
			<p><?php esc_html_e( '文章发布前，本插件把渠道、正文和链接发送到保密审查服务的发布闸口；只有审查通过且内容与审查版本一致时才允许发布。服务无法访问时不允许发布。', 'secrecy-review-gate' ); ?></p>
			<form method="post" action="options.php">
				<?php settings_fields( 'secrecy_review_gate' ); ?>
				<table class="form-table" role="presentation">
					<tr>
						<th scope="row"><label for="srg-url"><?php esc_html_e( '服务地址', 'secrecy-review-gate' ); ?></label></th>
						<td><input id="srg-url" class="regular-text code" type="url" name="<?php echo esc_attr( $o ); ?>[service_url]" value="<?php echo esc_attr( $s['service_url'] ); ?>" placeholder="https://review.example.gov.cn" <?php disabled( defined( 'SECRECY_REVIEW_GATE_URL' ) ); ?>>
							<p class="description"><?php esc_html_e( '例如 https://review.example.gov.cn（不含 /api/v1）。也可在 wp-config.php 中定义 SECRECY_REVIEW_GATE_URL。', 'secrecy-review-gate' ); ?></p></td>
					</tr>
					<tr>
						<th scope="row"><?php esc_html_e( '认证方式', 'secrecy-review-gate' ); ?></th>
						<td>
							<label><input type="radio" name="<?php echo esc_attr( $o ); ?>[auth]" value="basic" <?php checked( 'basic', $s['auth'] ); ?>> <?php esc_html_e( 'CMS 账号（用户名和密码）', 'secrecy-review-gate' ); ?></label><br>
							<label><input type="radio" name="<?php echo esc_attr( $o ); ?>[auth]" value="bearer" <?php checked( 'bearer', $s['auth'] ); ?>> <?php esc_html_e( '令牌（Bearer token）', 'secrecy-review-gate' ); ?></label>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="srg-user"><?php esc_html_e( 'CMS 账号', 'secrecy-review-gate' ); ?></label></th>
						<td><input id="srg-user" class="regular-text" type="text" autocomplete="off" name="<?php echo esc_attr( $o ); ?>[username]" value="<?php echo esc_attr( $s['username'] ); ?>"></td>
					</tr>
					<tr>
						<th scope="row"><label for="srg-password"><?php esc_html_e( '密码', 'secrecy-review-gate' ); ?></label></th>
						<td><input id="srg-password" class="regular-text" type="password" autocomplete="new-password" name="<?php echo esc_attr( $o ); ?>[password]" value="" placeholder="<?php echo esc_attr( '' !== $s['password'] ? __( '已保存（留空则不修改）', 'secrecy-review-gate' ) : '' ); ?>"></td>
					</tr>
					<tr>
						<th scope="row"><label for="srg-token"><?php esc_html_e( '令牌', 'secrecy-review-gate' ); ?></label></th>
						<td><input id="srg-token" class="regular-text code" type="password" autocomplete="off" name="<?php echo esc_attr( $o ); ?>[token]" value="" placeholder="<?php echo esc_attr( '' !== $s['token'] ? __( '已保存（留空则不修改）', 'secrecy-review-gate' ) : '' ); ?>">
							<p class="description"><?php esc_html_e( '令牌须带 CMS 角色（groups 声明）。建议在 wp-config.php 中定义 SECRECY_REVIEW_GATE_TOKEN 或 SECRECY_REVIEW_GATE_USER / SECRECY_REVIEW_GATE_PASSWORD，而不是存入数据库。', 'secrecy-review-gate' ); ?></p></td>
					</tr>
					<tr>
						<th scope="row"><label for="srg-channel"><?php esc_html_e( '发布渠道', 'secrecy-review-gate' ); ?></label></th>
						<td><select id="srg-channel" name="<?php echo esc_attr( $o ); ?>[channel]">
							<?php foreach ( array( 'WEBSITE' => '门户网站', 'WECHAT' => '微信公众号', 'WEIBO' => '政务微博' ) as $value => $label ) : ?>
								<option value="<?php echo esc_attr( $value ); ?>" <?php selected( $value, $s['channel'] ); ?>><?php echo esc_html( $label . '（' . $value . '）' ); ?></option>
							<?php endforeach; ?>
						</select></td>
					</tr>
					<tr>
						<th scope="row"><label for="srg-types"><?php esc_html_e( '需要审查的内容类型', 'secrecy-review-gate' ); ?></label></th>
						<td><input id="srg-types" class="regular-text code" type="text" name="<?php echo esc_attr( $o ); ?>[post_types]" value="<?php echo esc_attr( $s['post_types'] ); ?>">
							<p class="description"><?php esc_html_e( '以逗号分隔，例如 post,page', 'secrecy-review-gate' ); ?></p></td>
					</tr>
					<tr>
						<th scope="row"><label for="srg-timeout"><?php esc_html_e( '超时（秒）', 'secrecy-review-gate' ); ?></label></th>
						<td><input id="srg-timeout" class="small-text" type="number" min="2" max="60" name="<?php echo esc_attr( $o ); ?>[timeout]" value="<?php echo esc_attr( (string) $s['timeout'] ); ?>"></td>
					</tr>
				</table>
				<?php submit_button(); ?>
			</form>
			<h2><?php esc_html_e( '连接检查', 'secrecy-review-gate' ); ?></h2>
			<?php
			$check = self::fetch_reminders( $s['channel'] );
			if ( is_wp_error( $check ) ) {
				echo '<div class="notice notice-error inline"><p>' . esc_html( $check->get_error_message() ) . '</p></div>';
			} else {
				echo '<div class="notice notice-success inline"><p>' . esc_html__( '已连接保密审查服务。当前渠道的保密提醒：', 'secrecy-review-gate' ) . '</p>' . self::reminders_html( $check ) . '</div>';
			}
			?>
		</div>
		<?php
	}

	// ------------------------------------------------------------------ the gate

	/**
	 * Asks the service whether this content may be published now. Always returns
	 * array{allowed: bool, reasons: string[], reminders: string[], publicationId: int|null};
	 * anything but a well-formed {"allowed": true} answer is a refusal (fail closed).
	 */
	public static function ask_gate( $post_id, $content, $url, $draft_id ) {
		$s = self::settings();
		if ( '' === $s['service_url'] ) {
			return self::refusal( __( '尚未配置保密审查服务地址，不能发布。请管理员在“设置 → 保密审查闸口”中配置。', 'secrecy-review-gate' ) );
		}
		$body = array(
			'channel' => $s['channel'],
			'content' => (string) $content,
		);
		if ( $url ) {
			$body['url'] = (string) $url;
		}
		if ( $draft_id ) {
			$body['draftId'] = (int) $draft_id;
		}
		/** Lets a site adjust what is sent (e.g. add the title) before it goes to the gate. */
		$body     = apply_filters( 'secrecy_review_gate_request', $body, $post_id );
		$response = wp_remote_post(
			$s['service_url'] . '/api/v1/publish-gate',
			array(
				'timeout'     => (int) $s['timeout'],
				'redirection' => 0,
				'headers'     => array_merge(
					array(
						'Content-Type' => 'application/json; charset=utf-8',
						'Accept'       => 'application/json',
					),
					self::auth_header( $s )
				),
				'body'        => wp_json_encode( $body ),
				'data_format' => 'body',
			)
		);
		if ( is_wp_error( $response ) ) {
			return self::refusal(
				sprintf(
					/* translators: %s: transport error */
					__( '无法连接保密审查服务（%s），为安全起见暂不允许发布。请稍后重试或联系保密审查管理员。', 'secrecy-review-gate' ),
					$response->get_error_message()
				)
			);
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		$answer = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( 200 !== $status ) {
			$detail = ( is_array( $answer ) && ! empty( $answer['detail'] ) ) ? (string) $answer['detail'] : '';
			if ( 401 === $status || 403 === $status ) {
				$message = __( '保密审查服务拒绝了本站的凭据（需要 CMS 角色），不能发布。请管理员检查插件设置。', 'secrecy-review-gate' );
			} else {
				/* translators: %d: HTTP status */
				$message = sprintf( __( '保密审查服务返回错误（HTTP %d），不能发布。', 'secrecy-review-gate' ), $status );
			}
			$refusal = self::refusal( '' !== $detail ? $message . ' ' . $detail : $message );
			if ( is_array( $answer ) && ! empty( $answer['reasons'] ) && is_array( $answer['reasons'] ) ) {
				$refusal['reasons'] = array_merge( $refusal['reasons'], self::strings( $answer['reasons'] ) );
			}
			return $refusal;
		}
		if ( ! is_array( $answer ) || ! array_key_exists( 'allowed', $answer ) || ! is_bool( $answer['allowed'] ) ) {
			return self::refusal( __( '保密审查服务的答复无法识别，为安全起见不允许发布。', 'secrecy-review-gate' ) );
		}
		$reminders = isset( $answer['reminders'] ) ? self::strings( $answer['reminders'] ) : array();
		if ( $reminders ) {
			set_transient( self::reminders_cache_key( $s['channel'] ), $reminders, 10 * MINUTE_IN_SECONDS );
		}
		$reasons = isset( $answer['reasons'] ) ? self::strings( $answer['reasons'] ) : array();
		if ( true !== $answer['allowed'] && ! $reasons ) {
			$reasons = array( __( '保密审查未通过。', 'secrecy-review-gate' ) );
		}
		return array(
			'allowed'       => true === $answer['allowed'],
			'reasons'       => $reasons,
			'reminders'     => $reminders,
			'publicationId' => isset( $answer['publicationId'] ) ? (int) $answer['publicationId'] : null,
		);
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

	private static function refusal( $reason ) {
		return array(
			'allowed'       => false,
			'reasons'       => array( $reason ),
			// no second network call while the service may be down: cached or built-in text
			'reminders'     => self::reminders( false ),
			'publicationId' => null,
		);
	}

	private static function strings( $list ) {
		return is_array( $list ) ? array_values( array_map( 'strval', array_filter( $list, 'is_scalar' ) ) ) : array();
	}

	/**
	 * One gate call per post and request: the gate records the publication when it allows, so a
	 * second call would be refused. A post that has no ID yet (inserted new) is remembered in one
	 * slot, by the fingerprint of its text, until it gets its ID in transition_post_status.
	 */
	private static function decide( $post_id, $content, $url, $draft_id ) {
		$post_id = (int) $post_id;
		if ( $post_id && isset( self::$answers[ $post_id ] ) ) {
			return self::$answers[ $post_id ];
		}
		$fingerprint = md5( self::normalise( $content ) );
		if ( null !== self::$pending_new && self::$pending_new['fingerprint'] === $fingerprint ) {
			$answer = self::$pending_new['answer'];
			if ( $post_id ) {
				self::adopt_pending_new( $post_id );
			}
			return $answer;
		}
		$answer = self::ask_gate( $post_id, $content, $url, $draft_id );
		if ( $post_id ) {
			self::$answers[ $post_id ] = $answer;
			self::remember( $post_id, $answer );
		} else {
			self::$pending_new = array(
				'fingerprint' => $fingerprint,
				'answer'      => $answer,
			);
		}
		return $answer;
	}

	/** The new post asked about without an ID now has one. */
	private static function adopt_pending_new( $post_id ) {
		$answer                    = self::$pending_new['answer'];
		self::$pending_new         = null;
		self::$answers[ $post_id ] = $answer;
		self::remember( $post_id, $answer );
	}

	/** Keeps the last answer with the post so the editor shows it after the request. */
	private static function remember( $post_id, $answer ) {
		if ( $answer['allowed'] ) {
			delete_post_meta( $post_id, self::META_REFUSAL );
			if ( $answer['publicationId'] ) {
				update_post_meta( $post_id, self::META_ALLOWED, (int) $answer['publicationId'] );
			}
			return;
		}
		self::$refused_in_request[ $post_id ] = true;
		update_post_meta(
			$post_id,
			self::META_REFUSAL,
			array(
				'reasons'   => $answer['reasons'],
				'reminders' => $answer['reminders'],
				'time'      => time(),
			)
		);
	}

	private static function draft_id_for( $post_id, $posted = null ) {
		if ( null !== $posted && '' !== $posted && ctype_digit( (string) $posted ) ) {
			return (int) $posted;
		}
		if ( $post_id ) {
			$meta = get_post_meta( $post_id, self::META_DRAFT_ID, true );
			if ( '' !== $meta && ctype_digit( (string) $meta ) ) {
				return (int) $meta;
			}
		}
		return null;
	}

	/** The draft ID typed into the meta box of the form being saved, when the form is genuine. */
	private static function posted_draft_id() {
		if ( isset( $_POST['secrecy_review_draft_id'], $_POST[ self::NONCE ] )
			&& wp_verify_nonce( sanitize_text_field( wp_unslash( $_POST[ self::NONCE ] ) ), self::NONCE ) ) {
			return trim( sanitize_text_field( wp_unslash( $_POST['secrecy_review_draft_id'] ) ) );
		}
		return null;
	}

	/** The URL the post will have once published. */
	private static function future_permalink( $post_id, $data ) {
		if ( ! $post_id ) {
			return null;
		}
		$post = get_post( $post_id );
		if ( ! $post ) {
			return null;
		}
		$clone              = clone $post;
		$clone->post_status = 'publish';
		if ( ! empty( $data['post_name'] ) ) {
			$clone->post_name = $data['post_name'];
		} elseif ( '' === $clone->post_name ) {
			$clone->post_name = sanitize_title( isset( $data['post_title'] ) ? $data['post_title'] : $post->post_title, (string) $post_id );
		}
		$url = get_permalink( $clone );
		return $url ? $url : null;
	}

	/** True when saving $new_status/$new_content publishes something the gate has not seen. */
	private static function needs_gate( $old_status, $old_content, $new_status, $new_content ) {
		if ( 'publish' !== $new_status ) {
			return false;
		}
		if ( 'publish' !== $old_status ) {
			return true;
		}
		// already online: only a change of what readers see needs a new approval
		return self::normalise( $old_content ) !== self::normalise( $new_content );
	}

	/** Visible text without whitespace (a coarse version of the service's normalisation). */
	private static function normalise( $content ) {
		$text = html_entity_decode( wp_strip_all_tags( (string) $content ), ENT_QUOTES | ENT_HTML5, 'UTF-8' );
		return (string) preg_replace( '/[\s\x{00A0}\x{3000}\x{200B}-\x{200D}\x{2060}\x{FEFF}\x{00AD}]+/u', '', $text );
	}

	// ------------------------------------------------------------------ hooks that enforce

	/** Classic editor, quick edit, XML-RPC, wp_insert_post(): a refused post is saved as a draft. */
	public static function filter_insert_post_data( $data, $postarr, $unsanitized = array(), $update = false ) {
		if ( self::$reverting || ! self::is_gated_type( $data['post_type'] ) ) {
			return $data;
		}
		if ( 'revision' === $data['post_type'] || ( isset( $postarr['ID'] ) && wp_is_post_revision( (int) $postarr['ID'] ) ) ) {
			return $data;
		}
		$post_id     = isset( $postarr['ID'] ) ? (int) $postarr['ID'] : 0;
		$old_status  = $post_id ? get_post_field( 'post_status', $post_id ) : 'new';
		$old_content = $post_id ? get_post_field( 'post_content', $post_id ) : '';
		$content     = wp_unslash( $data['post_content'] );
		if ( ! self::needs_gate( $old_status, $old_content, $data['post_status'], $content ) ) {
			return $data;
		}
		$answer = self::decide( $post_id, $content, self::future_permalink( $post_id, $data ), self::draft_id_for( $post_id, self::posted_draft_id() ) );
		if ( $answer['allowed'] ) {
			return $data;
		}
		if ( 'publish' === $old_status ) {
			// A live post whose new content was refused: nothing is saved, the published text stays.
			wp_die(
				self::refusal_html( $answer ),
				esc_html__( '保密审查未通过', 'secrecy-review-gate' ),
				array( 'response' => 403, 'back_link' => true )
			);
		}
		$data['post_status'] = 'draft';
		return $data;
	}

	/** A later filter must not put a refused post back to publish. */
	public static function guard_pre_post_update( $post_id, $data ) {
		if ( self::$reverting || ! isset( $data['post_status'], $data['post_type'] ) || ! self::is_gated_type( $data['post_type'] ) ) {
			return;
		}
		if ( 'publish' !== $data['post_status'] ) {
			return;
		}
		$old_status = get_post_field( 'post_status', $post_id );
		$content    = wp_unslash( $data['post_content'] );
		if ( ! self::needs_gate( $old_status, get_post_field( 'post_content', $post_id ), 'publish', $content ) ) {
			return;
		}
		$answer = isset( self::$answers[ (int) $post_id ] ) ? self::$answers[ (int) $post_id ] : null;
		if ( null === $answer || ! $answer['allowed'] ) {
			wp_die(
				self::refusal_html( $answer ? $answer : self::refusal( __( '发布前未经过保密审查闸口。', 'secrecy-review-gate' ) ) ),
				esc_html__( '保密审查未通过', 'secrecy-review-gate' ),
				array( 'response' => 403, 'back_link' => true )
			);
		}
	}

	/** Scheduled posts: asked when they are due; a refusal keeps them offline as drafts. */
	public static function check_future_post( $post_id ) {
		$post = get_post( $post_id );
		if ( ! $post || 'future' !== $post->post_status || ! self::is_gated_type( $post->post_type ) ) {
			return;
		}
		$answer = self::decide( $post->ID, $post->post_content, self::future_permalink( $post->ID, array() ), self::draft_id_for( $post->ID ) );
		if ( ! $answer['allowed'] ) {
			self::revert_to_draft( $post->ID );
		}
	}

	/** Last line: anything that went online without an allowed answer is taken back at once. */
	public static function guard_transition( $new_status, $old_status, $post ) {
		if ( self::$reverting || ! self::is_gated_type( $post->post_type ) ) {
			return;
		}
		if ( 'new' === $old_status && null !== self::$pending_new
			&& md5( self::normalise( $post->post_content ) ) === self::$pending_new['fingerprint'] ) {
			// a new post that was asked about before it had an ID (refused: saved as draft)
			self::adopt_pending_new( $post->ID );
		}
		if ( 'publish' !== $new_status || 'publish' === $old_status ) {
			return;
		}
		$answer = self::decide( $post->ID, $post->post_content, get_permalink( $post ), self::draft_id_for( $post->ID ) );
		if ( ! $answer['allowed'] ) {
			self::revert_to_draft( $post->ID );
		}
	}

	private static function revert_to_draft( $post_id ) {
		self::$reverting = true;
		try {
			wp_update_post(
				array(
					'ID'          => $post_id,
					'post_status' => 'draft',
				)
			);
		} finally {
			self::$reverting = false;
		}
	}

	public static function register_rest_filters() {
		foreach ( self::gated_post_types() as $type ) {
			add_filter( "rest_pre_insert_{$type}", array( __CLASS__, 'filter_rest_pre_insert' ), PHP_INT_MAX, 2 );
		}
	}

	/** Block editor and REST clients: a refusal is an error response; Gutenberg shows its message. */
	public static function filter_rest_pre_insert( $prepared, $request ) {
		if ( self::$reverting || is_wp_error( $prepared ) ) {
			return $prepared;
		}
		$post_id = isset( $prepared->ID ) ? (int) $prepared->ID : 0;
		$current = $post_id ? get_post( $post_id ) : null;
		if ( $current && ! self::is_gated_type( $current->post_type ) ) {
			return $prepared;
		}
		$old_status  = $current ? $current->post_status : 'new';
		$old_content = $current ? $current->post_content : '';
		$new_status  = isset( $prepared->post_status ) ? $prepared->post_status : $old_status;
		$content     = isset( $prepared->post_content ) ? (string) $prepared->post_content : $old_content;
		if ( ! self::needs_gate( $old_status, $old_content, $new_status, $content ) ) {
			return $prepared;
		}
		$meta     = $request->get_param( 'meta' );
		$posted   = ( is_array( $meta ) && isset( $meta[ self::META_DRAFT_ID ] ) ) ? (string) $meta[ self::META_DRAFT_ID ] : null;
		$slug     = isset( $prepared->post_name ) ? $prepared->post_name : '';
		$answer   = self::decide( $post_id, $content, self::future_permalink( $post_id, array( 'post_name' => $slug ) ), self::draft_id_for( $post_id, $posted ) );
		if ( $answer['allowed'] ) {
			return $prepared;
		}
		return new WP_Error(
			'secrecy_review_refused',
			self::refusal_text( $answer ),
			array(
				'status'    => 403,
				'reasons'   => $answer['reasons'],
				'reminders' => $answer['reminders'],
			)
		);
	}

	/** Classic editor: after a refusal do not say "published". */
	public static function redirect_after_refusal( $location, $post_id ) {
		if ( isset( self::$refused_in_request[ (int) $post_id ] ) ) {
			$location = add_query_arg( array( 'message' => 10, 'srg_refused' => 1 ), remove_query_arg( 'message', $location ) );
		}
		return $location;
	}

	// ------------------------------------------------------------------ what the editor sees

	private static function reminders_cache_key( $channel ) {
		return 'srg_reminders_' . strtolower( $channel );
	}

	/** The channel's 保密提醒: from the service (cached), or a built-in text when it cannot be reached. */
	public static function reminders( $may_fetch = true ) {
		$channel = self::settings()['channel'];
		$cached  = get_transient( self::reminders_cache_key( $channel ) );
		if ( is_array( $cached ) && $cached ) {
			return $cached;
		}
		$fetched = $may_fetch ? self::fetch_reminders( $channel ) : new WP_Error( 'srg_not_fetched', '' );
		if ( ! is_wp_error( $fetched ) && $fetched ) {
			set_transient( self::reminders_cache_key( $channel ), $fetched, 10 * MINUTE_IN_SECONDS );
			return $fetched;
		}
		return array(
			__( '保密提醒：涉密不上网，上网不涉密。发布前须经本单位保密审查，未经审查不得公开。', 'secrecy-review-gate' ),
			__( '（暂时无法从保密审查服务获取本渠道的保密提醒；服务恢复前不能发布。）', 'secrecy-review-gate' ),
		);
	}

	/** @return string[]|WP_Error */
	public static function fetch_reminders( $channel ) {
		$s = self::settings();
		if ( '' === $s['service_url'] ) {
			return new WP_Error( 'srg_not_configured', __( '尚未配置保密审查服务地址。', 'secrecy-review-gate' ) );
		}
		$response = wp_remote_get(
			add_query_arg( 'channel', rawurlencode( $channel ), $s['service_url'] . '/api/v1/reminders' ),
			array(
				'timeout'     => min( 5, (int) $s['timeout'] ),
				'redirection' => 0,
				'headers'     => array_merge( array( 'Accept' => 'application/json' ), self::auth_header( $s ) ),
			)
		);
		if ( is_wp_error( $response ) ) {
			/* translators: %s: transport error */
			return new WP_Error( 'srg_unreachable', sprintf( __( '无法连接保密审查服务：%s', 'secrecy-review-gate' ), $response->get_error_message() ) );
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		if ( 200 !== $status ) {
			/* translators: %d: HTTP status */
			return new WP_Error( 'srg_http', sprintf( __( '保密审查服务返回 HTTP %d（请检查账号或令牌是否具有 CMS 角色）。', 'secrecy-review-gate' ), $status ) );
		}
		$answer = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( ! is_array( $answer ) || empty( $answer['reminders'] ) ) {
			return new WP_Error( 'srg_answer', __( '保密审查服务的答复无法识别。', 'secrecy-review-gate' ) );
		}
		return self::strings( $answer['reminders'] );
	}

	private static function reminders_html( $reminders ) {
		$html = '<ul class="srg-reminders" style="list-style:disc;margin-left:1.5em">';
		foreach ( $reminders as $r ) {
			$html .= '<li>' . esc_html( $r ) . '</li>';
		}
		return $html . '</ul>';
	}

	private static function refusal_text( $answer ) {
		$text = __( '保密审查未通过，不能发布：', 'secrecy-review-gate' ) . implode( '；', $answer['reasons'] );
		if ( $answer['reminders'] ) {
			$text .= ' ' . __( '保密提醒：', 'secrecy-review-gate' ) . implode( ' ', $answer['reminders'] );
		}
		return $text;
	}

	private static function refusal_html( $answer ) {
		$html = '<h1>' . esc_html__( '保密审查未通过，不能发布', 'secrecy-review-gate' ) . '</h1><ul>';
		foreach ( $answer['reasons'] as $r ) {
			$html .= '<li>' . esc_html( $r ) . '</li>';
		}
		$html .= '</ul><h2>' . esc_html__( '保密提醒', 'secrecy-review-gate' ) . '</h2>' . self::reminders_html( $answer['reminders'] );
		return $html . '<p>' . esc_html__( '已发布的内容未被修改。请将修改后的稿件提交保密审查，审查通过后再更新。', 'secrecy-review-gate' ) . '</p>';
	}

	private static function editing_post() {
		if ( ! function_exists( 'get_current_screen' ) ) {
			return null;
		}
		$screen = get_current_screen();
		if ( ! $screen || 'post' !== $screen->base || ! self::is_gated_type( $screen->post_type ) ) {
			return null;
		}
		$post = get_post();
		return $post ? $post : null;
	}

	/** Classic editor: reminders always; the last refusal of this post, when there is one. */
	public static function editor_notices() {
		$post = self::editing_post();
		if ( ! $post || ( function_exists( 'use_block_editor_for_post' ) && use_block_editor_for_post( $post ) ) ) {
			return;
		}
		echo '<div class="notice notice-warning"><p><strong>' . esc_html__( '保密提醒', 'secrecy-review-gate' ) . '</strong></p>'
			. self::reminders_html( self::reminders() ) . '</div>';
		$refusal = get_post_meta( $post->ID, self::META_REFUSAL, true );
		if ( is_array( $refusal ) && ! empty( $refusal['reasons'] ) ) {
			echo '<div class="notice notice-error"><p><strong>'
				. esc_html__( '保密审查未通过，本文未发布（已保存为草稿）。原因：', 'secrecy-review-gate' ) . '</strong></p><ul style="list-style:disc;margin-left:1.5em">';
			foreach ( $refusal['reasons'] as $r ) {
				echo '<li>' . esc_html( $r ) . '</li>';
			}
			echo '</ul><p>' . esc_html(
				/* translators: %s: date and time */
				sprintf( __( '检查时间：%s', 'secrecy-review-gate' ), wp_date( 'Y-m-d H:i', (int) $refusal['time'] ) )
			) . '</p></div>';
		}
	}

	/** Block editor: the same notices through the editor's own notice area. */
	public static function block_editor_notices() {
		$post = self::editing_post();
		if ( ! $post ) {
			return;
		}
		$refusal = get_post_meta( $post->ID, self::META_REFUSAL, true );
		wp_enqueue_script(
			'secrecy-review-gate-editor',
			plugins_url( 'editor-notices.js', __FILE__ ),
			array( 'wp-data', 'wp-notices', 'wp-dom-ready' ),
			self::VERSION,
			true
		);
		wp_add_inline_script(
			'secrecy-review-gate-editor',
			'window.secrecyReviewGate = ' . wp_json_encode(
				array(
					'reminderTitle' => __( '保密提醒：', 'secrecy-review-gate' ),
					'reminders'     => self::reminders(),
					'refusalTitle'  => __( '保密审查未通过，本文未发布：', 'secrecy-review-gate' ),
					'refusal'       => ( is_array( $refusal ) && ! empty( $refusal['reasons'] ) ) ? array_values( $refusal['reasons'] ) : array(),
				)
			) . ';',
			'before'
		);
	}

	public static function add_meta_box() {
		foreach ( self::gated_post_types() as $type ) {
			add_meta_box( 'secrecy-review-gate', __( '保密审查', 'secrecy-review-gate' ), array( __CLASS__, 'render_meta_box' ), $type, 'side', 'high' );
		}
	}

	public static function render_meta_box( $post ) {
		wp_nonce_field( self::NONCE, self::NONCE );
		$draft_id    = get_post_meta( $post->ID, self::META_DRAFT_ID, true );
		$publication = get_post_meta( $post->ID, self::META_ALLOWED, true );
		echo '<p><strong>' . esc_html__( '保密提醒', 'secrecy-review-gate' ) . '</strong></p>' . self::reminders_html( self::reminders() );
		echo '<p><label for="secrecy_review_draft_id">' . esc_html__( '审查稿件编号（可选）', 'secrecy-review-gate' ) . '</label><br>'
			. '<input type="text" inputmode="numeric" pattern="[0-9]*" id="secrecy_review_draft_id" name="secrecy_review_draft_id" value="' . esc_attr( $draft_id ) . '" class="widefat"></p>';
		echo '<p class="description">' . esc_html__( '发布时正文须与保密审查通过的版本一致；填写稿件编号时按该稿件比对。', 'secrecy-review-gate' ) . '</p>';
		if ( $publication ) {
			/* translators: %d: publication id in the review service */
			echo '<p>' . esc_html( sprintf( __( '已登记发布（登记号 %d）。', 'secrecy-review-gate' ), (int) $publication ) ) . '</p>';
		}
	}

	public static function save_meta_box( $post_id, $post ) {
		if ( ( defined( 'DOING_AUTOSAVE' ) && DOING_AUTOSAVE ) || wp_is_post_revision( $post_id ) || ! self::is_gated_type( $post->post_type ) ) {
			return;
		}
		if ( ! current_user_can( 'edit_post', $post_id ) ) {
			return;
		}
		$posted = self::posted_draft_id();
		if ( null === $posted ) {
			return;
		}
		if ( '' === $posted ) {
			delete_post_meta( $post_id, self::META_DRAFT_ID );
		} elseif ( ctype_digit( $posted ) ) {
			update_post_meta( $post_id, self::META_DRAFT_ID, $posted );
		}
	}

	/** For tests: forget this request's answers. */
	public static function reset_request_state() {
		self::$answers            = array();
		self::$refused_in_request = array();
		self::$pending_new        = null;
		self::$reverting          = false;
	}
}

Secrecy_Review_Gate::boot();

register_uninstall_hook( __FILE__, 'secrecy_review_gate_uninstall' );

function secrecy_review_gate_uninstall() {
	delete_option( Secrecy_Review_Gate::OPTION );
}
