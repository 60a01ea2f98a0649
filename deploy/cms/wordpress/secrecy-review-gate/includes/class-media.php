<?php
/**
 * Media library uploads are checked with POST /api/v1/check before they become public.
 *
 * - PASS: the file is stored in the uploads directory as usual (public).
 * - WARN, BLOCK, or no verdict (service down, timeout, unreadable answer): the file is "held" —
 *   written to a private directory outside the web server's document root instead of the uploads
 *   directory, its attachment is `private` (no attachment page, not in the public REST API), and
 *   the media screen shows the reasons. A held file keeps the URL it will have once public, so
 *   editors can put it into a post; it is moved into the uploads directory only when the publish
 *   gate allows a page that carries it (its SHA-256 is then one of the approved attachments).
 * - Without a usable private directory, a file that did not pass is not stored at all.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

final class Secrecy_Review_Gate_Media {
	const META_HOLD  = '_secrecy_review_hold';
	const META_CHECK = '_secrecy_review_check';

	/** @var array|null The upload of this request that did not pass: verdict, reasons, sha256, time. */
	private static $holding = null;
	/** @var array|null The upload of this request that passed. */
	private static $passed = null;
	/** @var string|null The public uploads base directory, as WordPress computed it before the plugin's filter. */
	private static $public_basedir = null;

	public static function boot() {
		add_filter( 'wp_handle_upload_prefilter', array( __CLASS__, 'check_upload' ), PHP_INT_MAX );
		add_filter( 'wp_handle_sideload_prefilter', array( __CLASS__, 'check_upload' ), PHP_INT_MAX );
		add_filter( 'wp_upload_bits', array( __CLASS__, 'check_bits' ), PHP_INT_MAX );
		add_filter( 'upload_dir', array( __CLASS__, 'upload_dir' ), PHP_INT_MAX );
		add_filter( 'wp_unique_filename', array( __CLASS__, 'unique_filename' ), PHP_INT_MAX, 4 );
		add_action( 'add_attachment', array( __CLASS__, 'tag_attachment' ), 1 );
		add_filter( 'get_attached_file', array( __CLASS__, 'attached_file' ), PHP_INT_MAX, 2 );
		add_action( 'delete_attachment', array( __CLASS__, 'delete_held_files' ), 1 );
		add_action( 'rest_api_init', array( __CLASS__, 'register_rest_field' ) );

		add_filter( 'manage_media_columns', array( __CLASS__, 'media_column' ) );
		add_action( 'manage_media_custom_column', array( __CLASS__, 'render_media_column' ), 10, 2 );
		add_filter( 'attachment_fields_to_edit', array( __CLASS__, 'attachment_field' ), 10, 2 );
		add_filter( 'media_row_actions', array( __CLASS__, 'row_actions' ), 10, 2 );
		add_action( 'admin_post_secrecy_review_recheck', array( __CLASS__, 'recheck' ) );
		add_action( 'admin_notices', array( __CLASS__, 'media_notices' ) );
	}

	// ------------------------------------------------------------------ where held files live

	/**
	 * The private directory for held files (SECRECY_REVIEW_GATE_PRIVATE_DIR, by default
	 * "secrecy-review-private" beside the wp-content directory). Refused (null) when it lies inside
	 * the WordPress directory, wp-content or the uploads directory, which web servers serve.
	 */
	public static function private_dir( $public_basedir = null ) {
		$dir = ( defined( 'SECRECY_REVIEW_GATE_PRIVATE_DIR' ) && '' !== (string) SECRECY_REVIEW_GATE_PRIVATE_DIR )
			? (string) SECRECY_REVIEW_GATE_PRIVATE_DIR
			: dirname( WP_CONTENT_DIR ) . '/secrecy-review-private';
		if ( ! wp_mkdir_p( $dir ) || ! is_dir( $dir ) || ! wp_is_writable( $dir ) ) {
			return null;
		}
		$real = realpath( $dir );
		if ( false === $real ) {
			return null;
		}
		$real   = untrailingslashit( wp_normalize_path( $real ) );
		$public = array( ABSPATH, WP_CONTENT_DIR, null !== $public_basedir ? $public_basedir : self::public_basedir() );
		foreach ( $public as $served ) {
			$served = $served ? realpath( $served ) : false;
			if ( false === $served ) {
				continue;
			}
			$served = untrailingslashit( wp_normalize_path( $served ) );
			if ( $real === $served || 0 === strpos( $real . '/', $served . '/' ) || 0 === strpos( $served . '/', $real . '/' ) ) {
				return null;
			}
		}
		if ( ! file_exists( $real . '/index.php' ) ) {
			// in case a server serves it after all: no listing, no access
			file_put_contents( $real . '/index.php', "<?php\n// Silence is golden.\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions
			file_put_contents( $real . '/.htaccess', "Require all denied\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		}
		return $real;
	}

	public static function public_basedir() {
		if ( null !== self::$holding && null !== self::$public_basedir ) {
			return self::$public_basedir;
		}
		$uploads = wp_get_upload_dir();
		return $uploads['basedir'];
	}

	/** Where the file at $relative (path under uploads) is now: public, or held privately; '' when nowhere. */
	public static function current_path( $relative, $public_basedir ) {
		$public = untrailingslashit( $public_basedir ) . '/' . $relative;
		if ( is_file( $public ) ) {
			return $public;
		}
		$id = self::attachment_by_relative( $relative );
		if ( $id && get_post_meta( $id, self::META_HOLD, true ) ) {
			$held = get_attached_file( $id );
			if ( $held && is_file( $held ) ) {
				return $held;
			}
		}
		return '';
	}

	private static function attachment_by_relative( $relative ) {
		global $wpdb;
		return (int) $wpdb->get_var(
			$wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = '_wp_attached_file' AND meta_value = %s LIMIT 1", $relative )
		);
	}

	public static function is_held( $attachment_id ) {
		return (bool) get_post_meta( $attachment_id, self::META_HOLD, true );
	}

	// ------------------------------------------------------------------ the upload

	/** Checks an upload before WordPress moves it into the uploads directory. */
	public static function check_upload( $file ) {
		if ( ! is_array( $file ) || ! empty( $file['error'] ) || empty( $file['tmp_name'] ) ) {
			return $file;
		}
		$name   = isset( $file['name'] ) ? (string) $file['name'] : '';
		$result = Secrecy_Review_Gate_Client::check_file( $file['tmp_name'], $name );
		$sha256 = is_readable( $file['tmp_name'] ) ? hash_file( 'sha256', $file['tmp_name'] ) : '';
		return self::decide( $file, $result, $sha256, 'error' );
	}

	/** wp_upload_bits() (XML-RPC uploads): the same check on the bytes. */
	public static function check_bits( $upload ) {
		if ( ! is_array( $upload ) || ! isset( $upload['bits'], $upload['name'] ) || ! empty( $upload['error'] ) ) {
			return $upload;
		}
		$result = Secrecy_Review_Gate_Client::check_bytes( (string) $upload['bits'], (string) $upload['name'] );
		return self::decide( $upload, $result, hash( 'sha256', (string) $upload['bits'] ), 'error' );
	}

	private static function decide( $file, $result, $sha256, $error_key ) {
		self::$holding = null;
		self::$passed  = null;
		$record        = array(
			'verdict' => $result['verdict'],
			'reasons' => $result['reasons'],
			'sha256'  => $sha256,
			'time'    => time(),
			'user'    => get_current_user_id(),
		);
		if ( 'PASS' === $result['verdict'] ) {
			self::$passed = $record;
			return $file;
		}
		if ( null === self::private_dir() ) {
			$file[ $error_key ] = __( '文件未通过保密审查自动检查，不能公开：', 'secrecy-review-gate' ) . implode( '；', $result['reasons'] )
				. __( '（本站没有配置非公开的存放目录 SECRECY_REVIEW_GATE_PRIVATE_DIR，文件未保存。）', 'secrecy-review-gate' );
			return $file;
		}
		self::$holding = $record;
		return $file;
	}

	/** While a held file is being stored: the private directory instead of the uploads directory (same URL). */
	public static function upload_dir( $uploads ) {
		if ( null === self::$holding || ! is_array( $uploads ) || ! empty( $uploads['error'] ) ) {
			return $uploads;
		}
		if ( null === self::$public_basedir ) {
			self::$public_basedir = $uploads['basedir'];
		}
		$private = self::private_dir( self::$public_basedir );
		if ( null === $private ) {
			$uploads['error'] = __( '无法写入非公开的存放目录，文件未保存。', 'secrecy-review-gate' );
			return $uploads;
		}
		$uploads['path']    = $private . $uploads['subdir'];
		$uploads['basedir'] = $private;
		return $uploads;
	}

	/** A held file's name must stay free in the public directory too: it moves there when released. */
	public static function unique_filename( $filename, $ext, $dir, $callback = null ) {
		if ( null === self::$holding || null === self::$public_basedir ) {
			return $filename;
		}
		$private = self::private_dir( self::$public_basedir );
		if ( null === $private || 0 !== strpos( wp_normalize_path( $dir ), $private ) ) {
			return $filename;
		}
		$public_dir = self::$public_basedir . substr( wp_normalize_path( $dir ), strlen( $private ) );
		$info       = pathinfo( $filename );
		$stem       = isset( $info['filename'] ) ? $info['filename'] : $filename;
		$suffix     = isset( $info['extension'] ) && '' !== $info['extension'] ? '.' . $info['extension'] : '';
		$candidate  = $filename;
		for ( $n = 1; ( file_exists( $public_dir . '/' . $candidate ) || file_exists( $dir . '/' . $candidate ) ) && $n < 1000; $n++ ) {
			$candidate = $stem . '-' . $n . $suffix;
		}
		return $candidate;
	}

	/** The attachment of this request's upload: held ones become private and keep their reasons. */
	public static function tag_attachment( $attachment_id ) {
		if ( null !== self::$holding ) {
			global $wpdb;
			$wpdb->update( $wpdb->posts, array( 'post_status' => 'private' ), array( 'ID' => $attachment_id ) );
			clean_post_cache( $attachment_id );
			update_post_meta( $attachment_id, self::META_HOLD, self::$holding );
		} elseif ( null !== self::$passed ) {
			update_post_meta( $attachment_id, self::META_CHECK, self::$passed );
		}
	}

	/** A held attachment's file is in the private directory. */
	public static function attached_file( $file, $attachment_id ) {
		if ( ! $attachment_id || ! self::is_held( $attachment_id ) ) {
			return $file;
		}
		$relative = get_post_meta( $attachment_id, '_wp_attached_file', true );
		if ( ! is_string( $relative ) || '' === $relative || 0 === strpos( $relative, '/' ) || preg_match( '#(^|/)\.\.(/|$)#', $relative ) ) {
			return $file;
		}
		$private = self::private_dir();
		return null === $private ? $file : $private . '/' . $relative;
	}

	/** Files of a held attachment (main file, sizes, original), relative to the uploads base. */
	private static function held_files( $attachment_id ) {
		$relative = (string) get_post_meta( $attachment_id, '_wp_attached_file', true );
		$files    = array( $relative );
		$meta     = wp_get_attachment_metadata( $attachment_id );
		$dir      = dirname( $relative );
		$dir      = '.' === $dir ? '' : $dir . '/';
		if ( is_array( $meta ) ) {
			if ( ! empty( $meta['sizes'] ) && is_array( $meta['sizes'] ) ) {
				foreach ( $meta['sizes'] as $size ) {
					if ( ! empty( $size['file'] ) ) {
						$files[] = $dir . wp_basename( $size['file'] );
					}
				}
			}
			if ( ! empty( $meta['original_image'] ) ) {
				$files[] = $dir . wp_basename( $meta['original_image'] );
			}
		}
		return array_values( array_unique( array_filter( $files, 'strlen' ) ) );
	}

	public static function delete_held_files( $attachment_id ) {
		if ( ! self::is_held( $attachment_id ) ) {
			return;
		}
		$private = self::private_dir();
		if ( null === $private ) {
			return;
		}
		foreach ( self::held_files( $attachment_id ) as $relative ) {
			if ( preg_match( '#(^|/)\.\.(/|$)#', $relative ) ) {
				continue;
			}
			$path = $private . '/' . $relative;
			if ( is_file( $path ) ) {
				wp_delete_file( $path );
			}
		}
	}

	// ------------------------------------------------------------------ release

	/**
	 * Makes the held files among $media public: the publish gate allowed a page that carries them,
	 * so each one's SHA-256 is an attachment of the approved revision.
	 */
	public static function release_media( array $media, $publication_id ) {
		foreach ( $media as $item ) {
			$file = Secrecy_Review_Gate_Rendering::upload_file( $item['url'] );
			if ( null === $file || '' === $file['relative'] ) {
				continue;
			}
			$id = self::attachment_by_relative( $file['relative'] );
			if ( $id && self::is_held( $id ) ) {
				self::release( $id, $item['sha256'], $publication_id );
			}
		}
	}

	/** Moves a held attachment's files into the uploads directory; true when it is public now. */
	public static function release( $attachment_id, $expected_sha256, $publication_id ) {
		$private = self::private_dir();
		if ( null === $private ) {
			return false;
		}
		$main = get_attached_file( $attachment_id );
		if ( ! $main || Secrecy_Review_Gate_Rendering::sha256( $main ) !== $expected_sha256 ) {
			return false;
		}
		$public = self::public_basedir();
		$moves  = array();
		foreach ( self::held_files( $attachment_id ) as $relative ) {
			if ( preg_match( '#(^|/)\.\.(/|$)#', $relative ) ) {
				return false;
			}
			$from = $private . '/' . $relative;
			$to   = $public . '/' . $relative;
			if ( ! is_file( $from ) ) {
				continue;
			}
			if ( file_exists( $to ) ) {
				return false; // never overwrite a public file
			}
			$moves[ $from ] = $to;
		}
		foreach ( $moves as $from => $to ) {
			wp_mkdir_p( dirname( $to ) );
			if ( ! @rename( $from, $to ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors -- across file systems: copy
				if ( ! @copy( $from, $to ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors
					return false;
				}
				wp_delete_file( $from );
			}
		}
		$hold = get_post_meta( $attachment_id, self::META_HOLD, true );
		global $wpdb;
		$wpdb->update( $wpdb->posts, array( 'post_status' => 'inherit' ), array( 'ID' => $attachment_id ) );
		delete_post_meta( $attachment_id, self::META_HOLD );
		update_post_meta(
			$attachment_id,
			self::META_CHECK,
			array(
				'verdict'       => 'RELEASED',
				'checked'       => is_array( $hold ) && isset( $hold['verdict'] ) ? $hold['verdict'] : '',
				'publicationId' => $publication_id ? (int) $publication_id : null,
				'time'          => time(),
			)
		);
		clean_post_cache( $attachment_id );
		return true;
	}

	// ------------------------------------------------------------------ what editors see

	/** Status and reasons of an attachment, as HTML. */
	public static function status_html( $attachment_id ) {
		$hold = get_post_meta( $attachment_id, self::META_HOLD, true );
		if ( is_array( $hold ) ) {
			$html = '<div class="srg-media-held"><strong>' . esc_html__( '未公开：未通过保密审查自动检查', 'secrecy-review-gate' ) . '</strong><ul style="list-style:disc;margin-left:1.5em">';
			foreach ( (array) $hold['reasons'] as $reason ) {
				$html .= '<li>' . esc_html( $reason ) . '</li>';
			}
			return $html . '</ul><p class="description">' . esc_html__( '文件保存在非公开目录中，只有经审查通过、且页面经发布闸口允许发布时才会公开。', 'secrecy-review-gate' ) . '</p></div>';
		}
		$check = get_post_meta( $attachment_id, self::META_CHECK, true );
		if ( is_array( $check ) && isset( $check['verdict'] ) ) {
			if ( 'RELEASED' === $check['verdict'] ) {
				return '<span class="srg-media-released">' . esc_html(
					/* translators: %d: publication id */
					sprintf( __( '已公开：随审查通过的页面发布（登记号 %d）', 'secrecy-review-gate' ), (int) $check['publicationId'] )
				) . '</span>';
			}
			return '<span class="srg-media-passed">' . esc_html__( '已通过保密审查自动检查', 'secrecy-review-gate' ) . '</span>';
		}
		return '<span class="srg-media-unchecked">' . esc_html__( '未检查（在启用本插件之前上传）', 'secrecy-review-gate' ) . '</span>';
	}

	public static function media_column( $columns ) {
		$columns['secrecy_review'] = __( '保密审查', 'secrecy-review-gate' );
		return $columns;
	}

	public static function render_media_column( $column, $attachment_id ) {
		if ( 'secrecy_review' === $column ) {
			echo self::status_html( $attachment_id ); // phpcs:ignore WordPress.Security.EscapeOutput -- escaped in status_html
		}
	}

	public static function attachment_field( $fields, $post ) {
		$fields['secrecy_review'] = array(
			'label'        => __( '保密审查', 'secrecy-review-gate' ),
			'input'        => 'html',
			'html'         => self::status_html( $post->ID ),
			'show_in_edit' => true,
		);
		return $fields;
	}

	public static function row_actions( $actions, $post ) {
		if ( self::is_held( $post->ID ) && current_user_can( 'edit_post', $post->ID ) ) {
			$url                              = wp_nonce_url( admin_url( 'admin-post.php?action=secrecy_review_recheck&attachment=' . (int) $post->ID ), 'secrecy_review_recheck_' . (int) $post->ID );
			$actions['secrecy_review_recheck'] = '<a href="' . esc_url( $url ) . '">' . esc_html__( '重新检查', 'secrecy-review-gate' ) . '</a>';
		}
		return $actions;
	}

	/** A held file checked again (e.g. the service was down at upload); PASS makes it public. */
	public static function recheck() {
		$id = isset( $_GET['attachment'] ) ? (int) $_GET['attachment'] : 0; // phpcs:ignore WordPress.Security.NonceVerification -- checked below
		check_admin_referer( 'secrecy_review_recheck_' . $id );
		if ( ! $id || ! current_user_can( 'edit_post', $id ) || ! self::is_held( $id ) ) {
			wp_die( esc_html__( '无法重新检查该文件。', 'secrecy-review-gate' ), '', array( 'response' => 403 ) );
		}
		$path   = get_attached_file( $id );
		$result = Secrecy_Review_Gate_Client::check_file( $path, wp_basename( $path ) );
		$hold   = get_post_meta( $id, self::META_HOLD, true );
		$hold   = is_array( $hold ) ? $hold : array();
		if ( 'PASS' === $result['verdict'] ) {
			self::release( $id, Secrecy_Review_Gate_Rendering::sha256( $path ), null );
			update_post_meta( $id, self::META_CHECK, array_merge( $hold, array( 'verdict' => 'PASS', 'reasons' => array(), 'time' => time() ) ) );
		} else {
			update_post_meta( $id, self::META_HOLD, array_merge( $hold, array( 'verdict' => $result['verdict'], 'reasons' => $result['reasons'], 'time' => time() ) ) );
		}
		wp_safe_redirect( admin_url( 'upload.php?mode=list' ) );
		exit;
	}

	/** The media screens list the files that are held, with their reasons. */
	public static function media_notices() {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( ! $screen || ! in_array( $screen->id, array( 'upload', 'media' ), true ) || ! current_user_can( 'upload_files' ) ) {
			return;
		}
		$held = get_posts(
			array(
				'post_type'      => 'attachment',
				'post_status'    => 'private',
				'posts_per_page' => 20,
				'meta_key'       => self::META_HOLD, // phpcs:ignore WordPress.DB.SlowDBQuery
				'orderby'        => 'date',
				'order'          => 'DESC',
			)
		);
		if ( ! $held ) {
			return;
		}
		echo '<div class="notice notice-warning srg-held-files"><p><strong>' . esc_html__( '以下文件未通过保密审查自动检查，未公开：', 'secrecy-review-gate' ) . '</strong></p><ul style="list-style:disc;margin-left:1.5em">';
		foreach ( $held as $attachment ) {
			$hold = get_post_meta( $attachment->ID, self::META_HOLD, true );
			echo '<li>' . esc_html( wp_basename( (string) get_post_meta( $attachment->ID, '_wp_attached_file', true ) ) ) . '：'
				. esc_html( implode( '；', is_array( $hold ) ? (array) $hold['reasons'] : array() ) ) . '</li>';
		}
		echo '</ul></div>';
	}

	public static function register_rest_field() {
		register_rest_field(
			'attachment',
			'secrecy_review',
			array(
				'get_callback' => array( __CLASS__, 'rest_status' ),
				'schema'       => array(
					'description' => __( '保密审查：文件是否公开，未公开的原因', 'secrecy-review-gate' ),
					'type'        => 'object',
					'context'     => array( 'edit' ),
					'readonly'    => true,
				),
			)
		);
	}

	public static function rest_status( $attachment ) {
		$id   = (int) $attachment['id'];
		$hold = get_post_meta( $id, self::META_HOLD, true );
		if ( is_array( $hold ) ) {
			return array(
				'public'  => false,
				'verdict' => (string) $hold['verdict'],
				'reasons' => array_values( (array) $hold['reasons'] ),
			);
		}
		$check = get_post_meta( $id, self::META_CHECK, true );
		return array(
			'public'  => true,
			'verdict' => is_array( $check ) && isset( $check['verdict'] ) ? (string) $check['verdict'] : null,
			'reasons' => array(),
		);
	}
}
