-- A running job can be cancelled from any replica: the request is recorded here and the hub that
-- runs the job (its owner) stops it, then records the job as cancelled.
ALTER TABLE jobs ADD COLUMN cancel_requested_by VARCHAR(200);
