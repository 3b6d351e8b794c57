package io.coagent.engine;

/** A notification together with its acknowledgement state, as {@code SYS.NOTIFICATIONS} lists it. */
public record NotificationInfo(Notification notification, boolean acknowledged) {}
