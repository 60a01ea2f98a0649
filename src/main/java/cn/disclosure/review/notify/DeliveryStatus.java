package cn.disclosure.review.notify;

/** Where an outbox row stands. */
public enum DeliveryStatus {
    /** Waiting for its (next) attempt. */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Gave up after the maximum attempts; can be sent again by hand. */
    DEAD,
    /** The webhook was deleted before delivery. */
    CANCELLED
}
