package cn.disclosure.review.fleet;

/**
 * A cache of this instance that must follow changes made on any instance. Implementations are CDI
 * beans; {@link ChangeListener} finds them all. Both methods run on the listener's thread, one
 * call at a time: a slow subscriber delays the others, so heavy work belongs elsewhere.
 */
public interface ChangeSubscriber {

    /** The topic this subscriber follows: the part of a payload before the first {@code :} (e.g. {@code lexicon}). */
    String topic();

    /** Another instance (or this one) committed a change; {@code detail} is the rest of the payload after {@code topic:}. */
    void changed(String detail);

    /**
     * The listener was (re)connected: notifications may have been missed while it was not, so
     * re-read everything from the database.
     */
    void resync();
}
