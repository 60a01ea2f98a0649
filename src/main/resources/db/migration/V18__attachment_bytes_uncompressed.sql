-- Attachment bytes are stored out of line without compression. Office files, PDFs and scans are
-- compressed already: PostgreSQL's pglz ran over every byte of a 9 MB scan only to throw the result
-- away (less than 25 % saved), which was a third of the time a submit took. Affects rows written
-- from now on; rows already stored keep their form.
alter table attachment_blob alter column bytes set storage external;
