-- two rows; a comment and two statements in one script
INSERT INTO customer (id, name, email) VALUES (1, 'Ada', 'ada@example.org');
INSERT INTO customer (id, name, active) VALUES (2, 'Grace', FALSE);
