/*
 * Block editor: the 保密提醒 (always) and the last refusal of this post as editor notices, and the
 * "保密审查" panel of the document sidebar whose 稿件编号 (review draft id) is post meta, so it is
 * saved with the post in the same request that publishes it.
 */
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

	if ( ! wp.plugins || ! wp.editPost || ! wp.editPost.PluginDocumentSettingPanel || ! wp.element || ! wp.components ) {
		return;
	}
	var el = wp.element.createElement;

	function ReviewPanel() {
		var meta = wp.data.useSelect( function ( select ) {
			return select( 'core/editor' ).getEditedPostAttribute( 'meta' ) || {};
		}, [] );
		var editPost = wp.data.useDispatch( 'core/editor' ).editPost;
		var value = meta[ config.metaKey ] || '';
		return el(
			wp.editPost.PluginDocumentSettingPanel,
			{ name: 'secrecy-review-gate', title: config.panelTitle, className: 'srg-panel', initialOpen: true },
			el( 'p', null, el( 'strong', null, config.reminderTitle ) ),
			el(
				'ul',
				{ className: 'srg-reminders', style: { listStyle: 'disc', marginLeft: '1.5em' } },
				( config.reminders || [] ).map( function ( text, i ) {
					return el( 'li', { key: i }, text );
				} )
			),
			el( wp.components.TextControl, {
				id: 'srg-draft-id',
				label: config.draftIdLabel,
				value: value,
				inputMode: 'numeric',
				onChange: function ( next ) {
					var edit = {};
					edit[ config.metaKey ] = String( next ).replace( /\D/g, '' );
					editPost( { meta: edit } );
				},
			} ),
			el( 'p', { className: 'description' }, config.draftIdHelp ),
			config.publicationText ? el( 'p', { className: 'srg-publication' }, config.publicationText ) : null
		);
	}

	wp.plugins.registerPlugin( 'secrecy-review-gate', { render: ReviewPanel, icon: 'shield' } );
} )( window.wp, window.secrecyReviewGate );
