-- Rescans record thousands of hits at once (one 整改 item and one rescan_hit row each). With ids
-- from an identity column Hibernate must insert each row on its own to learn its id; with ids taken
-- from the sequence 50 at a time (Hibernate's pooled optimizer, allocationSize 50 on the entities) the
-- inserts of a batch go to the database in JDBC batches. Ids stay unique and increasing per instance;
-- there are gaps between the blocks of different instances and restarts.
alter sequence rectification_id_seq increment by 50;
alter sequence rescan_hit_id_seq increment by 50;
