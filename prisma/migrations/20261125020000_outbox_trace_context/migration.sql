-- The W3C trace context of the request that recorded the event (JSON of its propagation
-- headers), beside the event and not in its payload: events stay id-only, and the relay
-- hands the context to the job so one trace runs from the request to the read model.
ALTER TABLE "owner"."outbox" ADD COLUMN "trace_context" TEXT;
ALTER TABLE "shop"."outbox" ADD COLUMN "trace_context" TEXT;
ALTER TABLE "review"."outbox" ADD COLUMN "trace_context" TEXT;
