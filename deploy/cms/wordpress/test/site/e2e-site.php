<?php
/**
 * Plugin Name: secrecy-review-gate end-to-end test site
 * Description: Must-use plugin of the end-to-end test site only (copied by wp-site.sh): pages are
 * edited in the classic editor, posts in the block editor, so the tests walk both editors.
 */
add_filter(
	'use_block_editor_for_post_type',
	static function ( $use, $post_type ) {
		return 'page' === $post_type ? false : $use;
	},
	10,
	2
);
