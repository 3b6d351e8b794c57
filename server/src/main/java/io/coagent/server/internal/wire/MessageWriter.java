package io.coagent.server.internal.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds backend messages into one buffer and writes them to the socket on {@link #flush()}.
 *
 * <p>Concurrency: used by the session's own thread only (notifications are queued and written by
 * that thread too), so no message can interleave with another. The buffer holds at most one
 * batch of rows between flushes; {@link #maybeFlush()} writes it once it passes
 * {@link #FLUSH_BYTES}, so a large result streams instead of growing the buffer.
 */
public final class MessageWriter {
  static final int FLUSH_BYTES = 64 * 1024;

  private final OutputStream out;
  private byte[] buf = new byte[8192];
  private int size;
  private int start = -1;

  public MessageWriter(OutputStream out) {
    this.out = out;
  }

  /** Starts a message of type {@code type}; its length is filled in by {@link #end()}. */
  public MessageWriter begin(char type) {
    assert start < 0 : "message not ended";
    int8(type);
    start = size;
    int32(0);
    return this;
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
  }

  public MessageWriter int8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public MessageWriter int16(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public MessageWriter int32(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public MessageWriter int64(long v) {
    int32((int) (v >>> 32));
    return int32((int) v);
  }

  public MessageWriter bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  public MessageWriter cstring(String s) {
    bytes(s.getBytes(StandardCharsets.UTF_8));
    return int8(0);
  }

  public void end() {
    assert start >= 0 : "no message begun";
    int len = size - start;
    buf[start] = (byte) (len >>> 24);
    buf[start + 1] = (byte) (len >>> 16);
    buf[start + 2] = (byte) (len >>> 8);
    buf[start + 3] = (byte) len;
    start = -1;
  }

  public void maybeFlush() throws IOException {
    if (size >= FLUSH_BYTES) {
      flush();
    }
  }

  public void flush() throws IOException {
    assert start < 0 : "flush inside a message";
    out.write(buf, 0, size);
    out.flush();
    size = 0;
    if (buf.length > 4 * FLUSH_BYTES) {
      buf = new byte[8192]; // one huge row must not pin its buffer for the session's life
    }
  }

  // ---- common messages ----

  public void authenticationOk() {
    begin('R').int32(0).end();
  }

  public void parameterStatus(String name, String value) {
    begin('S').cstring(name).cstring(value).end();
  }

  public void backendKeyData(int pid, int key) {
    begin('K').int32(pid).int32(key).end();
  }

  public void readyForQuery(char status) {
    begin('Z').int8(status).end();
  }

  public void commandComplete(String tag) {
    begin('C').cstring(tag).end();
  }

  /**
   * An ErrorResponse ('E') or NoticeResponse ('N') with the fields every client reads: severity
   * (localized 'S' and fixed 'V', the same here), SQLState and message.
   */
  public void response(char type, String severity, String state, String message) {
    begin(type);
    for (String[] f : new String[][] {{"S", severity}, {"V", severity}, {"C", state},
        {"M", message}}) {
      int8(f[0].charAt(0));
      cstring(f[1] == null ? "" : f[1]);
    }
    int8(0);
    end();
  }

}
