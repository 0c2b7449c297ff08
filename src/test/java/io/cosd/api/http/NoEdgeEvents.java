package io.cosd.api.http;

/**
 * {@link EdgeEvents} that does nothing on any event: the edge tests subclass it and override only the events
 * they count (a pause, a refusal, a rerun off the loop), instead of each spelling out every no-op.
 */
class NoEdgeEvents implements EdgeEvents {
    @Override
    public void encodeFailure() {}

    @Override
    public void connectionRefused() {}

    @Override
    public void slowBody() {}

    @Override
    public void connections(int delta) {}
}
