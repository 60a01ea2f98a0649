<?php
/**
 * What editors and administrators see: the settings page (with a connection check that verifies
 * the CMS role), the 保密提醒 and the last refusal in both editors, the 稿件编号 field (a panel of
 * the block editor that saves with the post, a meta box in the classic editor), and pending
 * withdrawals.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

final class Secrecy_Review_Gate_Admin {

	public static function boot() {
		add_action( 'admin_menu', array( __CLASS__, 'add_settings_page' ) );
		add_action( 'admin_init', array( __CLASS__, 'register_settings' ) );
		add_action( 'admin_notices', array( __CLASS__, 'editor_notices' ) );
		add_action( 'admin_notices', array( __CLASS__, 'withdrawal_notices' ) );
		add_action( 'add_meta_boxes', array( __CLASS__, 'add_meta_box' ) );
		add_action( 'save_post', array( __CLASS__, 'save_meta_box' ), 10, 2 );
		add_action( 'enqueue_block_editor_assets', array( __CLASS__, 'block_editor_assets' ) );
		add_filter( 'redirect_post_location', array( __CLASS__, 'redirect_after_refusal' ), 10, 2 );
	}

	// ------------------------------------------------------------------ settings

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
			Secrecy_Review_Gate::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( __CLASS__, 'sanitize_settings' ),
				'default'           => array(),
			)
		);
	}

	public static function sanitize_settings( $input ) {
		$old   = get_option( Secrecy_Review_Gate::OPTION, array() );
		$old   = is_array( $old ) ? $old : array();
		$input = is_array( $input ) ? $input : array();
		$out   = array();

		$url = isset( $input['service_url'] ) ? trim( (string) $input['service_url'] ) : '';
		$url = untrailingslashit( esc_url_raw( $url, array( 'http', 'https' ) ) );
		if ( '' === $url && ! empty( $input['service_url'] ) ) {
			add_settings_error( Secrecy_Review_Gate::OPTION, 'service_url', __( '服务地址必须是 http 或 https 地址。', 'secrecy-review-gate' ) );
		}
		$out['service_url'] = $url;
		$out['auth']        = ( isset( $input['auth'] ) && 'bearer' === $input['auth'] ) ? 'bearer' : 'basic';
		$out['username']    = isset( $input['username'] ) ? sanitize_text_field( $input['username'] ) : '';
		// Secrets are never echoed back into the form: an empty field keeps the saved value.
		$out['password']   = ( isset( $input['password'] ) && '' !== $input['password'] )
			? (string) $input['password'] : ( isset( $old['password'] ) ? $old['password'] : '' );
		$out['token']      = ( isset( $input['token'] ) && '' !== $input['token'] )
			? trim( (string) $input['token'] ) : ( isset( $old['token'] ) ? $old['token'] : '' );
		$channel           = isset( $input['channel'] ) ? strtoupper( sanitize_text_field( $input['channel'] ) ) : 'WEBSITE';
		$out['channel']    = in_array( $channel, Secrecy_Review_Gate::CHANNELS, true ) ? $channel : 'WEBSITE';
		$types             = isset( $input['post_types'] ) ? (string) $input['post_types'] : 'post,page';
		$out['post_types'] = implode( ',', array_filter( array_map( 'sanitize_key', explode( ',', $types ) ) ) );
		$timeout           = isset( $input['timeout'] ) ? (int) $input['timeout'] : 15;
		$out['timeout']    = max( 2, min( 60, $timeout ) );
		Secrecy_Review_Gate_Client::forget_reminders( $out['channel'] );
		return $out;
	}

	public static function render_settings_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$s = Secrecy_Review_Gate_Client::settings();
		$o = Secrecy_Review_Gate::OPTION;
		?>
		<div class="wrap">
			<h1><?php esc_html_e( '保密审查发布闸口', 'secrecy-review-gate' ); ?></h1>
			<p><?php esc_html_e( '文章发布前，本插件把读者将看到的标题、正文、摘要和媒体文件发送到保密审查服务的发布闸口；只有审查通过且与审查版本一致时才允许发布。上传到媒体库的文件先经自动检查，未通过的不公开。服务无法访问时不允许发布。', 'secrecy-review-gate' ); ?></p>
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
			<?php self::render_connection_check(); ?>
		</div>
		<?php
	}

	/** "Connected" only when the service answers and the account has the CMS role. */
	private static function render_connection_check() {
		$me = Secrecy_Review_Gate_Client::whoami();
		if ( is_wp_error( $me ) ) {
			echo '<div id="srg-connection" class="notice notice-error inline" data-state="error"><p>' . esc_html( $me->get_error_message() ) . '</p></div>';
			return;
		}
		if ( ! in_array( 'CMS', $me['roles'], true ) ) {
			echo '<div id="srg-connection" class="notice notice-error inline" data-state="no-cms-role"><p>' . esc_html(
				sprintf(
					/* translators: 1: account, 2: its roles */
					__( '保密审查服务可以连接，但账号“%1$s”没有 CMS 角色（现有角色：%2$s），发布闸口会拒绝它，文章无法发布。请改用具有 CMS 角色的账号或令牌。', 'secrecy-review-gate' ),
					$me['username'],
					$me['roles'] ? implode( '、', $me['roles'] ) : __( '无', 'secrecy-review-gate' )
				)
			) . '</p></div>';
			return;
		}
		$reminders = Secrecy_Review_Gate_Client::fetch_reminders( Secrecy_Review_Gate_Client::channel() );
		echo '<div id="srg-connection" class="notice notice-success inline" data-state="connected"><p>' . esc_html(
			/* translators: %s: account */
			sprintf( __( '已连接保密审查服务（账号“%s”，具有 CMS 角色）。', 'secrecy-review-gate' ), $me['username'] )
		) . '</p>';
		if ( ! is_wp_error( $reminders ) ) {
			echo '<p>' . esc_html__( '当前渠道的保密提醒：', 'secrecy-review-gate' ) . '</p>' . self::reminders_html( $reminders ); // phpcs:ignore WordPress.Security.EscapeOutput
		}
		echo '</div>';
	}

	// ------------------------------------------------------------------ editors

	public static function reminders_html( $reminders ) {
		$html = '<ul class="srg-reminders" style="list-style:disc;margin-left:1.5em">';
		foreach ( $reminders as $r ) {
			$html .= '<li>' . esc_html( $r ) . '</li>';
		}
		return $html . '</ul>';
	}

	private static function editing_post() {
		if ( ! function_exists( 'get_current_screen' ) ) {
			return null;
		}
		$screen = get_current_screen();
		if ( ! $screen || 'post' !== $screen->base || ! Secrecy_Review_Gate::is_gated_type( $screen->post_type ) ) {
			return null;
		}
		$post = get_post();
		return $post ? $post : null;
	}

	private static function refusal_of( $post_id ) {
		$refusal = get_post_meta( $post_id, Secrecy_Review_Gate::META_REFUSAL, true );
		return ( is_array( $refusal ) && ! empty( $refusal['reasons'] ) ) ? $refusal : null;
	}

	/** Classic editor: reminders always; the last refusal of this post, when there is one. */
	public static function editor_notices() {
		$post = self::editing_post();
		if ( ! $post || ( function_exists( 'use_block_editor_for_post' ) && use_block_editor_for_post( $post ) ) ) {
			return;
		}
		echo '<div class="notice notice-warning srg-reminders-notice"><p><strong>' . esc_html__( '保密提醒', 'secrecy-review-gate' ) . '</strong></p>'
			. self::reminders_html( Secrecy_Review_Gate_Client::reminders() ) . '</div>'; // phpcs:ignore WordPress.Security.EscapeOutput
		$refusal = self::refusal_of( $post->ID );
		if ( $refusal ) {
			echo '<div class="notice notice-error srg-refusal"><p><strong>'
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

	/** Pending withdrawals: the page is offline, the service does not know yet. */
	public static function withdrawal_notices() {
		if ( ! current_user_can( 'edit_others_posts' ) ) {
			return;
		}
		$pending = Secrecy_Review_Gate::pending_withdrawals();
		if ( ! $pending ) {
			return;
		}
		echo '<div class="notice notice-warning srg-pending-withdrawals"><p>' . esc_html(
			/* translators: %d: number of withdrawals */
			sprintf( __( '%d 条撤稿（已撤下的页面）尚未登记到保密审查服务，插件会自动重试：', 'secrecy-review-gate' ), count( $pending ) )
		) . '</p><ul style="list-style:disc;margin-left:1.5em">';
		foreach ( $pending as $publication => $item ) {
			echo '<li>' . esc_html(
				/* translators: 1: title, 2: publication id, 3: error */
				sprintf( __( '《%1$s》（登记号 %2$d）：%3$s', 'secrecy-review-gate' ), $item['title'], (int) $publication, $item['error'] )
			) . '</li>';
		}
		echo '</ul></div>';
	}

	/** Block editor: the 保密提醒 and the last refusal as notices, and the 稿件编号 panel. */
	public static function block_editor_assets() {
		$post = self::editing_post();
		if ( ! $post ) {
			return;
		}
		$refusal     = self::refusal_of( $post->ID );
		$publication = Secrecy_Review_Gate::publication_of( $post->ID );
		wp_enqueue_script(
			'secrecy-review-gate-editor',
			plugins_url( 'editor.js', SECRECY_REVIEW_GATE_FILE ),
			array( 'wp-data', 'wp-notices', 'wp-dom-ready', 'wp-plugins', 'wp-edit-post', 'wp-element', 'wp-components', 'wp-editor' ),
			Secrecy_Review_Gate::VERSION,
			true
		);
		wp_add_inline_script(
			'secrecy-review-gate-editor',
			'window.secrecyReviewGate = ' . wp_json_encode( // readable Chinese; <, > and & escaped inside <script>
				array(
					'metaKey'         => Secrecy_Review_Gate::META_DRAFT_ID,
					'panelTitle'      => __( '保密审查', 'secrecy-review-gate' ),
					'reminderTitle'   => __( '保密提醒：', 'secrecy-review-gate' ),
					'reminders'       => Secrecy_Review_Gate_Client::reminders(),
					'refusalTitle'    => __( '保密审查未通过，本文未发布：', 'secrecy-review-gate' ),
					'refusal'         => $refusal ? array_values( $refusal['reasons'] ) : array(),
					'draftIdLabel'    => __( '审查稿件编号（可选）', 'secrecy-review-gate' ),
					'draftIdHelp'     => __( '发布时读者看到的标题、正文、摘要和图片须与保密审查通过的版本一致；填写稿件编号时按该稿件比对。', 'secrecy-review-gate' ),
					/* translators: %d: publication id in the review service */
					'publicationText' => $publication ? sprintf( __( '已登记发布（登记号 %d）。', 'secrecy-review-gate' ), $publication ) : '',
				),
				JSON_UNESCAPED_UNICODE | JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT
			) . ';',
			'before'
		);
	}

	/** Classic editor only: the block editor has its own panel, whose value saves with the post. */
	public static function add_meta_box() {
		foreach ( Secrecy_Review_Gate::gated_post_types() as $type ) {
			add_meta_box(
				'secrecy-review-gate',
				__( '保密审查', 'secrecy-review-gate' ),
				array( __CLASS__, 'render_meta_box' ),
				$type,
				'side',
				'high',
				array( '__back_compat_meta_box' => true )
			);
		}
	}

	public static function render_meta_box( $post ) {
		wp_nonce_field( Secrecy_Review_Gate::NONCE, Secrecy_Review_Gate::NONCE );
		$draft_id    = get_post_meta( $post->ID, Secrecy_Review_Gate::META_DRAFT_ID, true );
		$publication = Secrecy_Review_Gate::publication_of( $post->ID );
		echo '<p><strong>' . esc_html__( '保密提醒', 'secrecy-review-gate' ) . '</strong></p>' . self::reminders_html( Secrecy_Review_Gate_Client::reminders() ); // phpcs:ignore WordPress.Security.EscapeOutput
		echo '<p><label for="secrecy_review_draft_id">' . esc_html__( '审查稿件编号（可选）', 'secrecy-review-gate' ) . '</label><br>'
			. '<input type="text" inputmode="numeric" pattern="[0-9]*" id="secrecy_review_draft_id" name="secrecy_review_draft_id" value="' . esc_attr( $draft_id ) . '" class="widefat"></p>';
		echo '<p class="description">' . esc_html__( '发布时读者看到的标题、正文、摘要和图片须与保密审查通过的版本一致；填写稿件编号时按该稿件比对。', 'secrecy-review-gate' ) . '</p>';
		if ( $publication ) {
			/* translators: %d: publication id in the review service */
			echo '<p class="srg-publication">' . esc_html( sprintf( __( '已登记发布（登记号 %d）。', 'secrecy-review-gate' ), $publication ) ) . '</p>';
		}
	}

	public static function save_meta_box( $post_id, $post ) {
		if ( ( defined( 'DOING_AUTOSAVE' ) && DOING_AUTOSAVE ) || wp_is_post_revision( $post_id ) || ! Secrecy_Review_Gate::is_gated_type( $post->post_type ) ) {
			return;
		}
		if ( ! current_user_can( 'edit_post', $post_id ) ) {
			return;
		}
		$posted = Secrecy_Review_Gate::posted_draft_id();
		if ( null === $posted ) {
			return;
		}
		if ( '' === $posted ) {
			delete_post_meta( $post_id, Secrecy_Review_Gate::META_DRAFT_ID );
		} elseif ( ctype_digit( $posted ) ) {
			update_post_meta( $post_id, Secrecy_Review_Gate::META_DRAFT_ID, $posted );
		}
	}

	/** Classic editor: after a refusal do not say "published". */
	public static function redirect_after_refusal( $location, $post_id ) {
		if ( Secrecy_Review_Gate::was_refused_in_request( $post_id ) ) {
			$location = add_query_arg(
				array(
					'message'     => 10,
					'srg_refused' => 1,
				),
				remove_query_arg( 'message', $location )
			);
		}
		return $location;
	}
}
