<?php
/**
 * What readers get. The gate must see the page as WordPress will serve it, not post_content:
 * the title and excerpt as the theme and feeds print them, the content after WordPress's content
 * filters (blocks rendered, reusable blocks expanded, shortcodes run, paragraphs added), and every
 * file of this site's uploads the page publishes, with its SHA-256.
 *
 * The filters that would change approved text after approval are turned off site-wide while the
 * plugin is active (typographic quotes and dashes, ×, smilies and emoji images, "WordPress"
 * capitalisation, srcset/sizes/width/height/loading/decoding attributes, image sub-sizes), so that
 * approved markup is published exactly; whatever else a site's filters add is sent to the gate as
 * it is and refused there.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

final class Secrecy_Review_Gate_Rendering {
	/** @var array<int,string|null> Reusable blocks (id => new content, null = not published) rendered while set. */
	private static $block_overrides = array();
	/** @var array<int,bool> Reusable blocks being rendered through an override (recursion guard). */
	private static $rendering_override = array();
	/** @var array<string,string> SHA-256 of files read in this request, by path|size|mtime. */
	private static $hashes = array();

	/** Turns off WordPress's changes to approved text and media (called once at plugin load). */
	public static function neutralise() {
		add_filter( 'run_wptexturize', '__return_false', PHP_INT_MAX );
		add_filter( 'pre_option_use_smilies', array( __CLASS__, 'no_smilies' ), PHP_INT_MAX );
		foreach ( array( 'the_content', 'the_title', 'wp_title', 'document_title', 'widget_text_content' ) as $hook ) {
			remove_filter( $hook, 'capital_P_dangit', 11 );
		}
		remove_filter( 'comment_text', 'capital_P_dangit', 31 );
		// emoji become <img> from a CDN in pages, feeds and mails
		remove_action( 'wp_head', 'print_emoji_detection_script', 7 );
		remove_action( 'wp_print_styles', 'print_emoji_styles' );
		remove_action( 'embed_head', 'print_emoji_detection_script' );
		remove_filter( 'the_content_feed', 'wp_staticize_emoji' );
		remove_filter( 'comment_text_rss', 'wp_staticize_emoji' );
		remove_filter( 'wp_mail', 'wp_staticize_emoji_for_email' );
		// attributes added to <img>/<iframe> of the content
		add_filter( 'wp_img_tag_add_srcset_and_sizes_attr', '__return_false', PHP_INT_MAX );
		add_filter( 'wp_img_tag_add_width_and_height_attr', '__return_false', PHP_INT_MAX );
		add_filter( 'wp_img_tag_add_loading_attr', '__return_false', PHP_INT_MAX );
		add_filter( 'wp_img_tag_add_decoding_attr', '__return_false', PHP_INT_MAX );
		add_filter( 'wp_iframe_tag_add_loading_attr', '__return_false', PHP_INT_MAX );
		add_filter( 'wp_calculate_image_srcset', '__return_false', PHP_INT_MAX );
		// an uploaded image is published as uploaded: no resized copies, no "-scaled" replacement
		add_filter( 'intermediate_image_sizes_advanced', '__return_empty_array', PHP_INT_MAX );
		add_filter( 'fallback_intermediate_image_sizes', '__return_empty_array', PHP_INT_MAX );
		add_filter( 'big_image_size_threshold', '__return_false', PHP_INT_MAX );
		add_filter( 'wp_image_maybe_exif_rotate', '__return_false', PHP_INT_MAX );
		add_filter( 'pre_render_block', array( __CLASS__, 'render_block_override' ), 10, 2 );
		// the single page turns <!--more--> into an empty anchor element the approved text does not have
		add_filter( 'the_content', array( __CLASS__, 'strip_more_anchor' ), 1 );
	}

	public static function strip_more_anchor( $content ) {
		return is_string( $content ) ? preg_replace( '#<span id="more-\d+"></span>#', '', $content ) : $content;
	}

	public static function no_smilies() {
		return '0';
	}

	/**
	 * The page readers get for $post as given (a copy carrying the fields about to be saved).
	 * $thumbnail_id: the featured image (0 = none, null = the one saved). $blocks: reusable blocks
	 * to render with new content (id => content, null when it will not be published).
	 *
	 * @return array{title:string, content:string, excerpt:string, media:array, problems:string[], thumbnail:int}
	 */
	public static function view( WP_Post $post, $thumbnail_id = null, array $blocks = array() ) {
		$post         = clone $post;
		$post->filter = 'raw'; // get_post() hands this object back instead of reloading it

		global $more;
		$saved_post          = isset( $GLOBALS['post'] ) ? $GLOBALS['post'] : null;
		$saved_more          = $more;
		$saved_overrides     = self::$block_overrides;
		self::$block_overrides = $blocks + self::$block_overrides;
		$GLOBALS['post']     = $post; // phpcs:ignore WordPress.WP.GlobalVariablesOverride
		setup_postdata( $post );
		$more = 1; // phpcs:ignore WordPress.WP.GlobalVariablesOverride -- the single page shows the whole text
		try {
			$title   = (string) apply_filters( 'the_title', $post->post_title, $post->ID );
			$content = self::content( $post );
			$excerpt = (string) apply_filters( 'get_the_excerpt', $post->post_excerpt, $post );
		} finally {
			self::$block_overrides = $saved_overrides;
			$more                  = $saved_more; // phpcs:ignore WordPress.WP.GlobalVariablesOverride
			$GLOBALS['post']       = $saved_post; // phpcs:ignore WordPress.WP.GlobalVariablesOverride
			if ( $saved_post instanceof WP_Post ) {
				setup_postdata( $saved_post );
			}
		}

		$thumbnail = null === $thumbnail_id ? (int) get_post_thumbnail_id( $post ) : max( 0, (int) $thumbnail_id );
		$media     = array();
		$problems  = array();
		foreach ( self::urls( $content ) as $url ) {
			self::add_media( $url, null, $media, $problems );
		}
		if ( $thumbnail ) {
			$url = wp_get_attachment_url( $thumbnail );
			if ( $url ) {
				self::add_media( $url, $thumbnail, $media, $problems );
			} else {
				$problems[] = __( '特色图片（封面图）的文件不存在。', 'secrecy-review-gate' );
			}
		}
		return array(
			'title'     => $title,
			'content'   => $content,
			'excerpt'   => $excerpt,
			'media'     => array_values( $media ),
			'problems'  => $problems,
			'thumbnail' => $thumbnail,
		);
	}

	/** The content of the single page, every page of a post split by <!--nextpage-->. */
	private static function content( WP_Post $post ) {
		$content = (string) $post->post_content;
		$pages   = array( $content );
		if ( false !== strpos( $content, '<!--nextpage-->' ) ) {
			// as WP_Query::generate_postdata() splits it
			$content = str_replace( array( "\n<!--nextpage-->\n", "\n<!--nextpage-->", "<!--nextpage-->\n" ), '<!--nextpage-->', $content );
			$content = str_replace( array( '<!-- wp:nextpage -->', '<!-- /wp:nextpage -->' ), '', $content );
			if ( 0 === strpos( $content, '<!--nextpage-->' ) ) {
				$content = substr( $content, 15 );
			}
			$pages = explode( '<!--nextpage-->', $content );
		}
		$out = array();
		foreach ( $pages as $page ) {
			if ( preg_match( '/<!--more(.*?)?-->/', $page, $m ) ) {
				$parts = explode( $m[0], $page, 2 );
				$page  = $parts[0] . '<span id="more-' . $post->ID . '"></span>' . $parts[1];
			}
			$out[] = str_replace( ']]>', ']]&gt;', (string) apply_filters( 'the_content', $page ) );
		}
		return implode( "\n", $out );
	}

	/** Renders a reusable block from the content it is about to get instead of the saved one. */
	public static function render_block_override( $pre, $parsed ) {
		if ( null !== $pre || ! is_array( $parsed ) || 'core/block' !== ( isset( $parsed['blockName'] ) ? $parsed['blockName'] : '' ) ) {
			return $pre;
		}
		$ref = isset( $parsed['attrs']['ref'] ) ? (int) $parsed['attrs']['ref'] : 0;
		if ( ! $ref || ! array_key_exists( $ref, self::$block_overrides ) || isset( self::$rendering_override[ $ref ] ) ) {
			return $pre;
		}
		$content = self::$block_overrides[ $ref ];
		if ( null === $content ) {
			return '';
		}
		global $wp_embed;
		self::$rendering_override[ $ref ] = true;
		try {
			$content = $wp_embed->run_shortcode( $content );
			$content = $wp_embed->autoembed( $content );
			return do_blocks( $content );
		} finally {
			unset( self::$rendering_override[ $ref ] );
		}
	}

	/** Every URL an element of $html loads or links to (src, srcset, href, poster, data …). */
	public static function urls( $html ) {
		$urls = array();
		if ( ! preg_match_all( '/<[a-zA-Z][^>]*>/s', $html, $tags ) ) {
			return $urls;
		}
		foreach ( $tags[0] as $tag ) {
			if ( ! preg_match_all( '/\s(src|href|poster|data|srcset|background|action|formaction|xlink:href)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s"\'>]+))/i', $tag, $attrs, PREG_SET_ORDER | PREG_UNMATCHED_AS_NULL ) ) {
				continue;
			}
			foreach ( $attrs as $a ) {
				$raw   = null !== $a[2] ? $a[2] : ( null !== $a[3] ? $a[3] : (string) $a[4] );
				$value = html_entity_decode( $raw, ENT_QUOTES | ENT_HTML5, 'UTF-8' );
				if ( 'srcset' === strtolower( $a[1] ) ) {
					foreach ( explode( ',', $value ) as $candidate ) {
						$candidate = trim( $candidate );
						if ( '' !== $candidate ) {
							$urls[] = preg_split( '/\s+/', $candidate )[0];
						}
					}
				} else {
					$urls[] = trim( $value );
				}
			}
		}
		return array_values( array_unique( array_filter( $urls, 'strlen' ) ) );
	}

	/**
	 * The file of this site's uploads a URL refers to: array{relative, path} (path in the private
	 * store while the file is held), or null when the URL is not an upload of this site.
	 */
	public static function upload_file( $url ) {
		$uploads = wp_get_upload_dir();
		$base    = self::comparable( $uploads['baseurl'] );
		$target  = self::comparable( self::absolute( $url ) );
		if ( '' === $base || 0 !== strpos( $target, $base . '/' ) ) {
			return null;
		}
		$relative = rawurldecode( substr( $target, strlen( $base ) + 1 ) );
		if ( '' === $relative || preg_match( '#(^|/)\.\.(/|$)#', $relative ) || false !== strpos( $relative, "\0" ) ) {
			return array(
				'relative' => $relative,
				'path'     => '',
			);
		}
		$path = Secrecy_Review_Gate_Media::current_path( $relative, $uploads['basedir'] );
		return array(
			'relative' => $relative,
			'path'     => $path,
		);
	}

	private static function add_media( $url, $attachment_id, array &$media, array &$problems ) {
		$absolute = self::absolute( $url );
		if ( isset( $media[ $absolute ] ) ) {
			return;
		}
		$file = self::upload_file( $absolute );
		if ( null === $file ) {
			return; // not a file of this site: the content comparison covers the URL itself
		}
		$hash = '' !== $file['path'] ? self::sha256( $file['path'] ) : null;
		if ( null === $hash ) {
			/* translators: %s: URL */
			$problems[] = sprintf( __( '页面引用的媒体文件不存在或无法读取：%s', 'secrecy-review-gate' ), $absolute );
			return;
		}
		$media[ $absolute ] = array(
			'url'    => $absolute,
			'sha256' => $hash,
		);
	}

	/** URL made absolute against the site's home (protocol-relative and root-relative forms). */
	public static function absolute( $url ) {
		$url = trim( (string) $url );
		if ( 0 === strpos( $url, '//' ) ) {
			return ( is_ssl() ? 'https:' : 'http:' ) . $url;
		}
		if ( 0 === strpos( $url, '/' ) ) {
			$home = wp_parse_url( home_url() );
			return $home['scheme'] . '://' . $home['host'] . ( isset( $home['port'] ) ? ':' . $home['port'] : '' ) . $url;
		}
		return $url;
	}

	/** For comparing URLs: no scheme, host in lower case, no query or fragment. */
	private static function comparable( $url ) {
		$url = preg_replace( '/[?#].*$/s', '', (string) $url );
		if ( ! preg_match( '#^(?:https?:)?//([^/]+)(.*)$#i', $url, $m ) ) {
			return '';
		}
		return strtolower( $m[1] ) . untrailingslashit( $m[2] );
	}

	public static function sha256( $path ) {
		if ( ! is_file( $path ) || ! is_readable( $path ) ) {
			return null;
		}
		clearstatcache( true, $path );
		$key = $path . '|' . filesize( $path ) . '|' . filemtime( $path );
		if ( ! isset( self::$hashes[ $key ] ) ) {
			$hash = hash_file( 'sha256', $path );
			if ( false === $hash ) {
				return null;
			}
			self::$hashes[ $key ] = $hash;
		}
		return self::$hashes[ $key ];
	}
}
