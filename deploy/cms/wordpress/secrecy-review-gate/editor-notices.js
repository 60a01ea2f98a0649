/* Block editor: shows the 保密提醒 (always) and the last refusal of this post as editor notices. */
( function ( wp, config ) {
	if ( ! wp || ! wp.data || ! config ) {
		return;
	}
	wp.domReady( function () {
		var notices = wp.data.dispatch( 'core/notices' );
		if ( config.reminders && config.reminders.length ) {
			notices.createNotice( 'warning', config.reminderTitle + config.reminders.join( ' ' ), {
				id: 'secrecy-review-gate-reminders',
				isDismissible: false,
			} );
		}
		if ( config.refusal && config.refusal.length ) {
			notices.createNotice( 'error', config.refusalTitle + config.refusal.join( '；' ), {
				id: 'secrecy-review-gate-refusal',
				isDismissible: true,
			} );
		}
	} );
} )( window.wp, window.secrecyReviewGate );
