CREATE INDEX customer_email ON customer (email);
ALTER TABLE customer RENAME COLUMN name TO full_name;
