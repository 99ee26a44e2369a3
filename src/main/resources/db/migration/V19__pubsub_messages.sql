-- Pub/Sub messages that asked for a job, by subscription and message id: a redelivered message (an
-- acknowledgement lost, a replica that died before acknowledging) finds the job its first delivery
-- made, or the id that job must have if the hub stopped before recording it.
CREATE TABLE pubsub_messages (
    subscription_id VARCHAR(63)  NOT NULL,
    message_id      VARCHAR(128) NOT NULL,
    job_id          VARCHAR(26)  NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (subscription_id, message_id)
);
CREATE INDEX pubsub_messages_by_time ON pubsub_messages (received_at);
