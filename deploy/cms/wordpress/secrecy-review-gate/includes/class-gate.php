<?php
/**
 * The publish gate in WordPress: every way a gated post (or its featured image, or a reusable
 * block it shows) goes online or changes while online asks the service first, with the page
 * readers will get (see Secrecy_Review_Gate_Rendering). Fail closed: anything but an allowed
 * answer keeps the post offline, or keeps a live post as it is.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

final class Secrecy_Review_Gate {
	const VERSION             = '2.0.0';
	const OPTION              = 'secrecy_review_gate_settings';
	const OPTION_WITHDRAWALS  = 'secrecy_review_gate_pending_withdrawals';
	const META_DRAFT_ID       = '_secrecy_review_draft_id';
	const META_REFUSAL        = '_secrecy_review_gate_refusal';
	const META_ALLOWED        = '_secrecy_review_gate_publication';
	const META_WITHDRAWN      = '_secrecy_review_gate_withdrawn';
	const NONCE               = 'secrecy_review_gate_meta';
	const CHANNELS            = array( 'WEBSITE', 'WECHAT', 'WEIBO' );
	const RETRY_EVENT         = 'secrecy_review_gate_retry_withdrawals';

	/** @var array<int,array> Gate answers of this request by post ID: fingerprint, answer, thumbnail. */
	private static $answers = array();
	/** @var array|null Answer for a post being inserted that has no ID yet: fingerprint, answer, thumbnail. */
	private static $pending_new = null;
	/** @var array<int,bool> Posts refused in this request (for the classic editor's redirect message). */
	private static $refused_in_request = array();
	/** @var bool True while the plugin itself saves a post (taking it back to draft, keeping refused content). */
	private static $reverting = false;

	public static function boot() {
		Secrecy_Review_Gate_Rendering::neutralise();
		Secrecy_Review_Gate_Media::boot();
		Secrecy_Review_Gate_Admin::boot();

		add_filter( 'wp_insert_post_data', array( __CLASS__, 'filter_insert_post_data' ), PHP_INT_MAX, 4 );
		add_action( 'pre_post_update', array( __CLASS__, 'guard_pre_post_update' ), PHP_INT_MAX, 2 );
		add_action( 'transition_post_status', array( __CLASS__, 'on_transition' ), 1, 3 );
		add_action( 'before_delete_post', array( __CLASS__, 'on_delete' ), 1, 2 );
		add_action( 'publish_future_post', array( __CLASS__, 'check_future_post' ), 1, 1 );
		add_action( 'rest_api_init', array( __CLASS__, 'register_rest_filters' ) );
		add_action( 'init', array( __CLASS__, 'register_meta' ) );
		add_filter( 'update_post_metadata', array( __CLASS__, 'guard_thumbnail_update' ), PHP_INT_MAX, 5 );
		add_filter( 'add_post_metadata', array( __CLASS__, 'guard_thumbnail_add' ), PHP_INT_MAX, 5 );
		add_action( self::RETRY_EVENT, array( __CLASS__, 'retry_withdrawals' ) );
		add_action( 'admin_init', array( __CLASS__, 'retry_withdrawals_now_and_then' ) );
	}

	public static function activate() {
		if ( ! wp_next_scheduled( self::RETRY_EVENT ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'hourly', self::RETRY_EVENT );
		}
	}

	public static function deactivate() {
		wp_clear_scheduled_hook( self::RETRY_EVENT );
	}

	// ------------------------------------------------------------------ which posts

	public static function gated_post_types() {
		$types = array_filter( array_map( 'trim', explode( ',', (string) Secrecy_Review_Gate_Client::settings()['post_types'] ) ) );
		return array_values( array_diff( (array) apply_filters( 'secrecy_review_gate_post_types', $types ), array( 'wp_block', 'attachment', 'revision' ) ) );
	}

	public static function is_gated_type( $post_type ) {
		return in_array( $post_type, self::gated_post_types(), true );
	}

	/** The 稿件编号 travels with the block editor's save request (REST meta), not in a later meta-box form. */
	public static function register_meta() {
		foreach ( self::gated_post_types() as $type ) {
			if ( ! post_type_supports( $type, 'custom-fields' ) ) {
				add_post_type_support( $type, 'custom-fields' ); // the REST API carries post meta only then
			}
			register_post_meta(
				$type,
				self::META_DRAFT_ID,
				array(
					'type'              => 'string',
					'single'            => true,
					'default'           => '',
					'show_in_rest'      => true,
					'sanitize_callback' => array( __CLASS__, 'sanitize_draft_id' ),
					'auth_callback'     => array( __CLASS__, 'may_edit_draft_id' ),
				)
			);
		}
	}

	public static function sanitize_draft_id( $value ) {
		$value = trim( (string) $value );
		return ctype_digit( $value ) ? $value : '';
	}

	public static function may_edit_draft_id( $allowed, $meta_key, $post_id ) {
		return current_user_can( 'edit_post', $post_id );
	}

	// ------------------------------------------------------------------ asking the gate

	/**
	 * The gate's answer for $candidate (a post carrying the fields about to be saved), asked once
	 * per request and page: the gate records a publication when it allows a new one.
	 *
	 * @param WP_Post  $candidate The post as it will be (status publish).
	 * @param int|null $thumbnail Featured image it will have (0 none, null as saved).
	 * @param array    $blocks    Reusable blocks rendered with new content (id => content|null).
	 * @param bool     $live      True for a change of a post that is online (sends its publicationId).
	 */
	private static function decide( WP_Post $candidate, $thumbnail, array $blocks, $live, $draft_id ) {
		$post_id = (int) $candidate->ID;
		$view    = Secrecy_Review_Gate_Rendering::view( $candidate, $thumbnail, $blocks );
		$body    = array(
			'channel' => Secrecy_Review_Gate_Client::channel(),
			'content' => $view['content'],
			'title'   => $view['title'],
			'excerpt' => $view['excerpt'],
			'media'   => $view['media'],
		);
		// what readers get; the draft and publication ids may be learnt from the answer itself
		$fingerprint = md5( (string) wp_json_encode( $body ) );
		if ( $draft_id ) {
			$body['draftId'] = (int) $draft_id;
		}
		if ( $live ) {
			$publication = self::publication_of( $post_id );
			if ( $publication ) {
				$body['publicationId'] = $publication;
			}
		}
		if ( $post_id && isset( self::$answers[ $post_id ] ) && self::$answers[ $post_id ]['fingerprint'] === $fingerprint ) {
			return self::$answers[ $post_id ]['answer'];
		}
		if ( null !== self::$pending_new && self::$pending_new['fingerprint'] === $fingerprint ) {
			$entry = self::$pending_new;
			if ( $post_id ) {
				// the new post that was asked about before it had an ID
				self::$pending_new         = null;
				self::$answers[ $post_id ] = $entry;
				self::remember( $post_id, $entry['answer'] );
			}
			return $entry['answer'];
		}

		$url = $post_id ? self::future_permalink( $candidate ) : null;
		if ( $url ) {
			$body['url'] = $url;
		}
		/** Lets a site adjust what is sent to the gate. */
		$body = apply_filters( 'secrecy_review_gate_request', $body, $post_id );
		if ( $view['problems'] ) {
			$answer = Secrecy_Review_Gate_Client::refusal( 'media-missing', implode( '；', $view['problems'] ) );
		} else {
			$answer = Secrecy_Review_Gate_Client::gate( $body );
		}
		if ( $answer['allowed'] ) {
			Secrecy_Review_Gate_Media::release_media( $view['media'], $answer['publicationId'] );
		}
		$entry = array(
			'fingerprint' => $fingerprint,
			'answer'      => $answer,
			'thumbnail'   => $view['thumbnail'],
		);
		if ( $post_id ) {
			self::$answers[ $post_id ] = $entry;
			self::remember( $post_id, $answer );
		} else {
			self::$pending_new = $entry;
		}
		return $answer;
	}

	/** Keeps the last answer with the post: the editor shows the reasons, the publication id is sent with later saves. */
	private static function remember( $post_id, $answer ) {
		if ( $answer['allowed'] ) {
			delete_post_meta( $post_id, self::META_REFUSAL );
			if ( $answer['publicationId'] && ! $answer['unchanged'] ) {
				update_post_meta( $post_id, self::META_ALLOWED, (int) $answer['publicationId'] );
				delete_post_meta( $post_id, self::META_WITHDRAWN );
			}
			if ( $answer['draftId'] && '' === (string) get_post_meta( $post_id, self::META_DRAFT_ID, true ) ) {
				update_post_meta( $post_id, self::META_DRAFT_ID, (string) (int) $answer['draftId'] );
			}
			return;
		}
		self::$refused_in_request[ $post_id ] = true;
		update_post_meta(
			$post_id,
			self::META_REFUSAL,
			array(
				'reasons'   => array_merge( wp_list_pluck( $answer['reasons'], 'message' ), self::diff_lines( isset( $answer['diff'] ) ? $answer['diff'] : array() ) ),
				'codes'     => wp_list_pluck( $answer['reasons'], 'code' ),
				'reminders' => $answer['reminders'],
				'time'      => time(),
			)
		);
	}

	public static function publication_of( $post_id ) {
		$id = $post_id ? get_post_meta( $post_id, self::META_ALLOWED, true ) : '';
		return is_numeric( $id ) && (int) $id > 0 ? (int) $id : null;
	}

	public static function was_refused_in_request( $post_id ) {
		return isset( self::$refused_in_request[ (int) $post_id ] );
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

	/** The draft ID typed into the classic editor's meta box, when the form is genuine. */
	public static function posted_draft_id() {
		if ( isset( $_POST['secrecy_review_draft_id'], $_POST[ self::NONCE ] )
			&& wp_verify_nonce( sanitize_text_field( wp_unslash( $_POST[ self::NONCE ] ) ), self::NONCE ) ) {
			return trim( sanitize_text_field( wp_unslash( $_POST['secrecy_review_draft_id'] ) ) );
		}
		return null;
	}

	/** A copy of $current (or a new post) with the fields about to be saved, as it will be online. */
	private static function candidate( $current, array $fields ) {
		if ( $current instanceof WP_Post ) {
			$candidate = clone $current;
		} else {
			$candidate     = new WP_Post( new stdClass() );
			$candidate->ID = 0;
		}
		foreach ( array( 'post_title', 'post_content', 'post_excerpt', 'post_name', 'post_password', 'post_date', 'post_date_gmt', 'post_parent', 'post_type', 'post_author', 'menu_order', 'post_mime_type' ) as $key ) {
			if ( array_key_exists( $key, $fields ) && null !== $fields[ $key ] ) {
				$candidate->$key = $fields[ $key ];
			}
		}
		$candidate->post_status = 'publish';
		$candidate->filter      = 'raw';
		return $candidate;
	}

	/** The URL the post will have once published. */
	private static function future_permalink( WP_Post $candidate ) {
		$clone = clone $candidate;
		if ( '' === (string) $clone->post_name ) {
			$clone->post_name = sanitize_title( $clone->post_title, (string) $clone->ID );
		}
		$url = get_permalink( $clone );
		return $url ? $url : null;
	}

	// ------------------------------------------------------------------ hooks that enforce

	/**
	 * Classic editor, Quick Edit, XML-RPC, wp_insert_post(): a refused new publication is saved as a
	 * draft (Quick Edit shows the reasons instead); a refused change of a live post is not saved.
	 */
	public static function filter_insert_post_data( $data, $postarr, $unsanitized = array(), $update = false ) {
		if ( self::$reverting || ! is_array( $data ) || ! isset( $data['post_type'] ) ) {
			return $data;
		}
		$post_id = isset( $postarr['ID'] ) ? (int) $postarr['ID'] : 0;
		if ( 'wp_block' === $data['post_type'] ) {
			$refusal = self::check_reusable_block( $post_id, wp_unslash( $data['post_content'] ), $data['post_status'], wp_unslash( (string) $data['post_password'] ) );
			if ( $refusal && self::stop( $refusal ) ) {
				$data['post_content'] = wp_slash( get_post_field( 'post_content', $post_id ) ); // the live posts stay as they are
			}
			return $data;
		}
		if ( 'revision' === $data['post_type'] || ! self::is_gated_type( $data['post_type'] ) || 'publish' !== $data['post_status'] ) {
			return $data;
		}
		$current    = $post_id ? get_post( $post_id ) : null;
		$old_status = $current ? $current->post_status : 'new';
		$fields     = wp_unslash( $data );
		$thumbnail  = null;
		if ( isset( $postarr['_thumbnail_id'] ) ) {
			$thumbnail = -1 === (int) $postarr['_thumbnail_id'] ? 0 : (int) $postarr['_thumbnail_id'];
		} elseif ( $post_id && isset( self::$answers[ $post_id ] ) ) {
			$thumbnail = self::$answers[ $post_id ]['thumbnail']; // decided earlier in this request (REST)
		}
		$answer = self::decide( self::candidate( $current, $fields ), $thumbnail, array(), 'publish' === $old_status, self::draft_id_for( $post_id, self::posted_draft_id() ) );
		if ( $answer['allowed'] ) {
			return $data;
		}
		if ( 'publish' === $old_status ) {
			// the published page stays as it is
			if ( self::stop( $answer ) ) {
				foreach ( array( 'post_title', 'post_content', 'post_excerpt', 'post_name', 'post_password' ) as $key ) {
					$data[ $key ] = wp_slash( $current->$key );
				}
			}
			return $data;
		}
		if ( self::is_quick_edit() ) {
			self::stop( $answer ); // Quick Edit shows the reasons; nothing is saved
		}
		$data['post_status'] = in_array( $old_status, array( 'draft', 'pending' ), true ) ? $old_status : 'draft';
		return $data;
	}

	private static function is_quick_edit() {
		return wp_doing_ajax() && isset( $_POST['action'] ) && 'inline-save' === $_POST['action']; // phpcs:ignore WordPress.Security.NonceVerification -- WordPress checked it
	}

	/**
	 * Ends the request with the reasons: plain text for admin-ajax (Quick Edit shows it), a JSON
	 * error for REST, a page otherwise. Returns true (request goes on) only where nobody could see
	 * a message (cron, WP-CLI, command line): the caller then keeps the live post as it is.
	 */
	private static function stop( $answer ) {
		if ( self::unattended() ) {
			return true;
		}
		if ( wp_doing_ajax() ) {
			wp_die( wp_strip_all_tags( self::refusal_text( $answer ) ), '', array( 'response' => 403 ) );
		}
		if ( wp_is_json_request() || ( defined( 'REST_REQUEST' ) && REST_REQUEST ) ) {
			wp_die(
				wp_strip_all_tags( self::refusal_text( $answer ) ),
				'',
				array(
					'response' => 403,
					'code'     => 'secrecy_review_refused',
				)
			);
		}
		wp_die(
			self::refusal_html( $answer ), // phpcs:ignore WordPress.Security.EscapeOutput -- escaped in refusal_html
			esc_html__( '保密审查未通过', 'secrecy-review-gate' ),
			array(
				'response'  => 403,
				'back_link' => true,
			)
		);
		return false;
	}

	/** Cron, WP-CLI and other command-line runs: nobody would see a message. */
	private static function unattended() {
		return wp_doing_cron() || ( defined( 'WP_CLI' ) && WP_CLI ) || 'cli' === PHP_SAPI;
	}

	/** A later filter must not put a refused post back to publish. */
	public static function guard_pre_post_update( $post_id, $data ) {
		if ( self::$reverting || ! isset( $data['post_status'], $data['post_type'] ) || ! self::is_gated_type( $data['post_type'] ) ) {
			return;
		}
		if ( 'publish' !== $data['post_status'] || 'publish' === get_post_field( 'post_status', $post_id ) ) {
			return; // changes of live posts were decided in wp_insert_post_data
		}
		$entry = isset( self::$answers[ (int) $post_id ] ) ? self::$answers[ (int) $post_id ] : null;
		if ( null === $entry || ! $entry['answer']['allowed'] ) {
			self::stop( $entry ? $entry['answer'] : Secrecy_Review_Gate_Client::refusal( 'not-asked', __( '发布前未经过保密审查闸口。', 'secrecy-review-gate' ) ) );
			wp_die( esc_html__( '保密审查未通过', 'secrecy-review-gate' ), '', array( 'response' => 403 ) ); // also in cron: never save it
		}
	}

	/** Scheduled posts: asked when they are due; a refusal keeps them offline as drafts. */
	public static function check_future_post( $post_id ) {
		$post = get_post( $post_id );
		if ( ! $post || 'future' !== $post->post_status || ! self::is_gated_type( $post->post_type ) ) {
			return;
		}
		$answer = self::decide( self::candidate( $post, array() ), null, array(), false, self::draft_id_for( $post->ID ) );
		if ( ! $answer['allowed'] ) {
			self::revert_to_draft( $post->ID );
		}
	}

	/**
	 * Last line: anything that goes online without an allowed answer is taken back at once; a post
	 * that goes offline (draft, pending, private, trash) records a withdrawal (撤稿).
	 */
	public static function on_transition( $new_status, $old_status, $post ) {
		if ( self::$reverting ) {
			return;
		}
		if ( 'wp_block' === $post->post_type ) {
			self::on_block_published( $new_status, $old_status, $post );
			return;
		}
		if ( ! self::is_gated_type( $post->post_type ) ) {
			return;
		}
		if ( 'publish' === $old_status && 'publish' !== $new_status ) {
			$why = array(
				'trash'   => __( '在网站内容管理系统中移至回收站', 'secrecy-review-gate' ),
				'private' => __( '在网站内容管理系统中改为私密', 'secrecy-review-gate' ),
				'future'  => __( '在网站内容管理系统中改为定时发布', 'secrecy-review-gate' ),
			);
			self::withdraw_post( $post, isset( $why[ $new_status ] ) ? $why[ $new_status ] : __( '在网站内容管理系统中撤下（转为草稿或待审）', 'secrecy-review-gate' ) );
			return;
		}
		if ( 'publish' !== $new_status || 'publish' === $old_status ) {
			return;
		}
		$entry = isset( self::$answers[ $post->ID ] ) ? self::$answers[ $post->ID ] : null;
		if ( null !== $entry && $entry['answer']['allowed'] ) {
			return;
		}
		$answer = self::decide( self::candidate( $post, array() ), null, array(), false, self::draft_id_for( $post->ID ) );
		if ( ! $answer['allowed'] ) {
			self::revert_to_draft( $post->ID );
		}
	}

	/** A published post deleted without going through the trash. */
	public static function on_delete( $post_id, $post = null ) {
		$post = $post instanceof WP_Post ? $post : get_post( $post_id );
		if ( $post && 'publish' === $post->post_status && self::is_gated_type( $post->post_type ) ) {
			self::withdraw_post( $post, __( '在网站内容管理系统中删除', 'secrecy-review-gate' ) );
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

	// ------------------------------------------------------------------ featured image of a live post

	public static function guard_thumbnail_update( $check, $object_id, $meta_key, $meta_value, $prev_value = '' ) {
		return self::guard_thumbnail( $check, $object_id, $meta_key, $meta_value );
	}

	public static function guard_thumbnail_add( $check, $object_id, $meta_key, $meta_value, $unique = false ) {
		return self::guard_thumbnail( $check, $object_id, $meta_key, $meta_value );
	}

	/** A new featured image of a published post is part of the page: the gate decides first. */
	private static function guard_thumbnail( $check, $object_id, $meta_key, $meta_value ) {
		if ( '_thumbnail_id' !== $meta_key || self::$reverting || null !== $check ) {
			return $check;
		}
		$post = get_post( $object_id );
		if ( ! $post || 'publish' !== $post->post_status || ! self::is_gated_type( $post->post_type ) ) {
			return $check;
		}
		$thumbnail = (int) $meta_value;
		$entry     = isset( self::$answers[ $post->ID ] ) ? self::$answers[ $post->ID ] : null;
		if ( null !== $entry && $entry['answer']['allowed'] && $entry['thumbnail'] === $thumbnail ) {
			return $check;
		}
		$answer = self::decide( self::candidate( $post, array() ), $thumbnail, array(), true, self::draft_id_for( $post->ID ) );
		return $answer['allowed'] ? $check : false;
	}

	// ------------------------------------------------------------------ reusable blocks

	/**
	 * A published reusable block puts its content on every live post that uses it: a change is
	 * checked for each of those posts (rendered with the new block content, with its
	 * publicationId); any refusal refuses the change. Returns the combined refusal, or null.
	 */
	private static function check_reusable_block( $block_id, $new_content, $new_status, $new_password = '', $going_online = false ) {
		if ( ! $block_id ) {
			return null; // a new block has no ID yet: checked when it goes online (on_block_published)
		}
		$current = get_post( $block_id );
		if ( ! $current || 'wp_block' !== $current->post_type || 'publish' !== $new_status || '' !== (string) $new_password ) {
			return null; // not (or no longer) published: it only takes content away
		}
		if ( ! $going_online && 'publish' === $current->post_status && '' === (string) $current->post_password
			&& (string) $current->post_content === (string) $new_content ) {
			return null;
		}
		$reasons   = array();
		$reminders = array();
		foreach ( self::live_posts_using_block( $block_id ) as $post ) {
			$answer = self::decide( self::candidate( $post, array() ), null, array( (int) $block_id => (string) $new_content ), true, self::draft_id_for( $post->ID ) );
			if ( ! $answer['allowed'] ) {
				$reminders = $answer['reminders'];
				foreach ( $answer['reasons'] as $reason ) {
					$reasons[] = array(
						'code'    => $reason['code'],
						/* translators: 1: post title, 2: post id, 3: reason */
						'message' => sprintf( __( '已发布的《%1$s》（ID %2$d）使用了该可重用区块：%3$s', 'secrecy-review-gate' ), $post->post_title, $post->ID, $reason['message'] ),
					);
				}
			}
		}
		if ( ! $reasons ) {
			return null;
		}
		return array(
			'allowed'       => false,
			'unchanged'     => false,
			'reasons'       => $reasons,
			'reminders'     => $reminders,
			'publicationId' => null,
			'draftId'       => null,
			'diff'          => array(),
		);
	}

	/**
	 * A reusable block that goes online for the first time (created, or published from a draft or
	 * the trash) fills every live post that already refers to its ID — a post may refer to a
	 * block that does not exist yet. Those posts are checked now; a refusal takes the block back.
	 */
	private static function on_block_published( $new_status, $old_status, $post ) {
		if ( 'publish' !== $new_status || 'publish' === $old_status ) {
			return;
		}
		$refusal = self::check_reusable_block( $post->ID, (string) $post->post_content, 'publish', (string) $post->post_password, true );
		if ( null === $refusal ) {
			return;
		}
		self::revert_to_draft( $post->ID );
		self::stop( $refusal );
	}

	/** Published posts of gated types that show the block, directly or through other reusable blocks. */
	private static function live_posts_using_block( $block_id ) {
		global $wpdb;
		$types = self::gated_post_types();
		if ( ! $types ) {
			return array();
		}
		$queue = array( (int) $block_id );
		$seen  = array();
		$posts = array();
		while ( $queue ) {
			$ref = array_shift( $queue );
			if ( isset( $seen[ $ref ] ) ) {
				continue;
			}
			$seen[ $ref ] = true;
			$in           = implode( ',', array_fill( 0, count( $types ) + 1, '%s' ) );
			$rows         = $wpdb->get_results(
				$wpdb->prepare(
					"SELECT ID, post_type, post_content FROM {$wpdb->posts} WHERE post_status = 'publish' AND post_type IN ($in) AND post_content LIKE %s", // phpcs:ignore WordPress.DB.PreparedSQLPlaceholders
					array_merge( $types, array( 'wp_block' ), array( '%' . $wpdb->esc_like( '"ref":' . $ref ) . '%' ) )
				)
			);
			foreach ( $rows as $row ) {
				if ( ! preg_match( '/<!--\s+wp:block\s+\{[^}]*"ref":' . $ref . '(?!\d)/', $row->post_content ) ) {
					continue;
				}
				if ( 'wp_block' === $row->post_type ) {
					$queue[] = (int) $row->ID;
				} else {
					$posts[ (int) $row->ID ] = get_post( (int) $row->ID );
				}
			}
		}
		return array_values( array_filter( $posts ) );
	}

	// ------------------------------------------------------------------ block editor and REST clients

	public static function register_rest_filters() {
		foreach ( self::gated_post_types() as $type ) {
			add_filter( "rest_pre_insert_{$type}", array( __CLASS__, 'filter_rest_pre_insert' ), PHP_INT_MAX, 2 );
		}
		add_filter( 'rest_pre_insert_wp_block', array( __CLASS__, 'filter_rest_pre_insert_block' ), PHP_INT_MAX, 2 );
	}

	/**
	 * Block editor and REST clients: a refusal is an error response (the block editor shows its
	 * message). A refused post that is not online keeps what the editor wrote, as a draft.
	 */
	public static function filter_rest_pre_insert( $prepared, $request ) {
		if ( self::$reverting || is_wp_error( $prepared ) ) {
			return $prepared;
		}
		$post_id = isset( $prepared->ID ) ? (int) $prepared->ID : 0;
		$current = $post_id ? get_post( $post_id ) : null;
		if ( $current && ! self::is_gated_type( $current->post_type ) ) {
			return $prepared;
		}
		$old_status = $current ? $current->post_status : 'new';
		$new_status = isset( $prepared->post_status ) ? $prepared->post_status : $old_status;
		if ( 'publish' !== $new_status ) {
			return $prepared;
		}
		$meta      = $request->get_param( 'meta' );
		$posted    = ( is_array( $meta ) && isset( $meta[ self::META_DRAFT_ID ] ) ) ? trim( (string) $meta[ self::META_DRAFT_ID ] ) : null;
		$thumbnail = $request->has_param( 'featured_media' ) ? (int) $request->get_param( 'featured_media' ) : null;
		$fields    = get_object_vars( $prepared );
		$answer    = self::decide( self::candidate( $current, $fields ), $thumbnail, array(), 'publish' === $old_status, self::draft_id_for( $post_id, $posted ) );
		if ( $answer['allowed'] ) {
			return $prepared;
		}
		if ( $current && 'publish' !== $old_status ) {
			self::keep_as_draft( $current, $fields, $posted );
		}
		return self::rest_error( $answer );
	}

	public static function filter_rest_pre_insert_block( $prepared, $request ) {
		if ( self::$reverting || is_wp_error( $prepared ) ) {
			return $prepared;
		}
		$block_id = isset( $prepared->ID ) ? (int) $prepared->ID : 0;
		$current  = $block_id ? get_post( $block_id ) : null;
		if ( ! $current ) {
			return $prepared;
		}
		$refusal = self::check_reusable_block(
			$block_id,
			isset( $prepared->post_content ) ? (string) $prepared->post_content : (string) $current->post_content,
			isset( $prepared->post_status ) ? (string) $prepared->post_status : (string) $current->post_status,
			isset( $prepared->post_password ) ? (string) $prepared->post_password : (string) $current->post_password
		);
		return $refusal ? self::rest_error( $refusal ) : $prepared;
	}

	private static function rest_error( $answer ) {
		return new WP_Error(
			'secrecy_review_refused',
			self::refusal_text( $answer ),
			array(
				'status'    => 403,
				'reasons'   => $answer['reasons'],
				'reminders' => $answer['reminders'],
				'diff'      => isset( $answer['diff'] ) ? $answer['diff'] : array(),
			)
		);
	}

	/** A refused post that was not online: what the editor wrote is saved as a draft, nothing is lost. */
	private static function keep_as_draft( WP_Post $current, array $fields, $posted_draft_id ) {
		$postarr = array(
			'ID'          => $current->ID,
			'post_status' => in_array( $current->post_status, array( 'draft', 'pending' ), true ) ? $current->post_status : 'draft',
		);
		foreach ( array( 'post_title', 'post_content', 'post_excerpt', 'post_name' ) as $key ) {
			if ( isset( $fields[ $key ] ) ) {
				$postarr[ $key ] = $fields[ $key ];
			}
		}
		self::$reverting = true;
		try {
			wp_update_post( wp_slash( $postarr ) );
			if ( null !== $posted_draft_id ) {
				update_post_meta( $current->ID, self::META_DRAFT_ID, self::sanitize_draft_id( $posted_draft_id ) );
			}
		} finally {
			self::$reverting = false;
		}
	}

	// ------------------------------------------------------------------ withdrawals (撤稿)

	private static function withdraw_post( WP_Post $post, $reason ) {
		$publication = self::publication_of( $post->ID );
		if ( ! $publication ) {
			return;
		}
		delete_post_meta( $post->ID, self::META_ALLOWED );
		$result = Secrecy_Review_Gate_Client::withdraw( $publication, $reason );
		if ( true === $result ) {
			update_post_meta(
				$post->ID,
				self::META_WITHDRAWN,
				array(
					'publicationId' => $publication,
					'time'          => time(),
				)
			);
			return;
		}
		// taking a page offline never waits for the service: the withdrawal is recorded later
		$pending                 = get_option( self::OPTION_WITHDRAWALS, array() );
		$pending                 = is_array( $pending ) ? $pending : array();
		$pending[ $publication ] = array(
			'post'   => (int) $post->ID,
			'title'  => (string) $post->post_title,
			'reason' => (string) $reason,
			'time'   => time(),
			'error'  => $result->get_error_message(),
		);
		update_option( self::OPTION_WITHDRAWALS, $pending, false );
	}

	public static function pending_withdrawals() {
		$pending = get_option( self::OPTION_WITHDRAWALS, array() );
		return is_array( $pending ) ? $pending : array();
	}

	public static function retry_withdrawals() {
		$pending = self::pending_withdrawals();
		foreach ( $pending as $publication => $item ) {
			$result = Secrecy_Review_Gate_Client::withdraw( (int) $publication, $item['reason'] );
			if ( true === $result ) {
				unset( $pending[ $publication ] );
				if ( ! empty( $item['post'] ) && get_post( (int) $item['post'] ) ) {
					update_post_meta(
						(int) $item['post'],
						self::META_WITHDRAWN,
						array(
							'publicationId' => (int) $publication,
							'time'          => time(),
						)
					);
				}
			} else {
				$pending[ $publication ]['error'] = $result->get_error_message();
			}
		}
		update_option( self::OPTION_WITHDRAWALS, $pending, false );
	}

	/** Admin screens retry pending withdrawals at most every five minutes. */
	public static function retry_withdrawals_now_and_then() {
		if ( ! self::pending_withdrawals() || get_transient( 'srg_withdrawal_retry' ) ) {
			return;
		}
		set_transient( 'srg_withdrawal_retry', 1, 5 * MINUTE_IN_SECONDS );
		self::retry_withdrawals();
	}

	// ------------------------------------------------------------------ texts

	private static function shorten( $text ) {
		return mb_strlen( $text ) > 120 ? mb_substr( $text, 0, 120 ) . '…' : $text;
	}

	/** The service's short excerpts of what differs from the approved revision, as lines for editors. */
	public static function diff_lines( $diff, $limit = 5 ) {
		$labels = array(
			'text'    => __( '正文', 'secrecy-review-gate' ),
			'link'    => __( '链接', 'secrecy-review-gate' ),
			'media'   => __( '媒体', 'secrecy-review-gate' ),
			'markup'  => __( '标记', 'secrecy-review-gate' ),
			'title'   => __( '标题', 'secrecy-review-gate' ),
			'excerpt' => __( '摘要', 'secrecy-review-gate' ),
		);
		$lines  = array();
		foreach ( is_array( $diff ) ? array_slice( $diff, 0, $limit ) : array() as $d ) {
			if ( ! is_array( $d ) ) {
				continue;
			}
			$kind     = isset( $d['kind'] ) && is_scalar( $d['kind'] ) ? (string) $d['kind'] : '';
			$approved = isset( $d['approved'] ) && is_scalar( $d['approved'] ) ? self::shorten( (string) $d['approved'] ) : '';
			$sent     = isset( $d['sent'] ) && is_scalar( $d['sent'] ) ? self::shorten( (string) $d['sent'] ) : '';
			$lines[]  = sprintf(
				/* translators: 1: what differs, 2: approved text, 3: text about to be published */
				__( '%1$s：审查通过的是“%2$s”，将发布的是“%3$s”', 'secrecy-review-gate' ),
				isset( $labels[ $kind ] ) ? $labels[ $kind ] : $kind,
				$approved,
				$sent
			);
		}
		return $lines;
	}

	public static function refusal_text( $answer ) {
		$text = __( '保密审查未通过，不能发布：', 'secrecy-review-gate' ) . implode( '；', wp_list_pluck( $answer['reasons'], 'message' ) );
		$diff = self::diff_lines( isset( $answer['diff'] ) ? $answer['diff'] : array(), 3 );
		if ( $diff ) {
			$text .= ' ' . __( '差异：', 'secrecy-review-gate' ) . implode( '；', $diff );
		}
		if ( $answer['reminders'] ) {
			$text .= ' ' . __( '保密提醒：', 'secrecy-review-gate' ) . implode( ' ', $answer['reminders'] );
		}
		return $text;
	}

	public static function refusal_html( $answer ) {
		$html = '<h1>' . esc_html__( '保密审查未通过，不能发布', 'secrecy-review-gate' ) . '</h1><ul class="srg-reasons">';
		foreach ( $answer['reasons'] as $r ) {
			$html .= '<li data-code="' . esc_attr( $r['code'] ) . '">' . esc_html( $r['message'] ) . '</li>';
		}
		foreach ( self::diff_lines( isset( $answer['diff'] ) ? $answer['diff'] : array() ) as $line ) {
			$html .= '<li class="srg-diff">' . esc_html( $line ) . '</li>';
		}
		$html .= '</ul><h2>' . esc_html__( '保密提醒', 'secrecy-review-gate' ) . '</h2>' . Secrecy_Review_Gate_Admin::reminders_html( $answer['reminders'] );
		return $html . '<p>' . esc_html__( '已发布的内容未被修改。请将修改后的稿件提交保密审查，审查通过后再更新。', 'secrecy-review-gate' ) . '</p>';
	}

	/** For tests: forget this request's answers. */
	public static function reset_request_state() {
		self::$answers            = array();
		self::$refused_in_request = array();
		self::$pending_new        = null;
		self::$reverting          = false;
	}
}
