<?php
/**
 * Plugin Name:       保密审查发布闸口 (Secrecy Review Gate)
 * Description:       文章发布前调用信息公开保密审查服务的发布闸口：读者将看到的标题、正文、摘要和媒体文件与审查通过的版本一致时才允许发布；媒体库上传的文件先经自动检查，未通过的不公开；撤下的文章登记撤稿。服务不可用时不允许发布。
 * Version:           2.0.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            信息公开保密审查服务
 * License:           GPL-2.0-or-later
 * Text Domain:       secrecy-review-gate
 *
 * How it works (fail closed) — see includes/:
 * - class-rendering.php: what readers get (rendered title, content, excerpt, media with SHA-256);
 *   the WordPress filters that would change approved text after approval are turned off.
 * - class-gate.php: every way a gated post goes online or changes while online asks
 *   POST {service}/api/v1/publish-gate first (classic editor, Quick Edit, block editor/REST,
 *   XML-RPC, scheduled posts, featured images, reusable blocks); unpublishing records a withdrawal.
 * - class-media.php: uploads are checked with POST /api/v1/check; files that do not pass stay private.
 * - class-client.php: the service's API; class-admin.php: settings, notices, the 稿件编号 field.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'SECRECY_REVIEW_GATE_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-client.php';
require_once __DIR__ . '/includes/class-rendering.php';
require_once __DIR__ . '/includes/class-media.php';
require_once __DIR__ . '/includes/class-admin.php';
require_once __DIR__ . '/includes/class-gate.php';

Secrecy_Review_Gate::boot();

register_activation_hook( __FILE__, array( 'Secrecy_Review_Gate', 'activate' ) );
register_deactivation_hook( __FILE__, array( 'Secrecy_Review_Gate', 'deactivate' ) );
register_uninstall_hook( __FILE__, 'secrecy_review_gate_uninstall' );

function secrecy_review_gate_uninstall() {
	delete_option( Secrecy_Review_Gate::OPTION );
	delete_option( Secrecy_Review_Gate::OPTION_WITHDRAWALS );
}
