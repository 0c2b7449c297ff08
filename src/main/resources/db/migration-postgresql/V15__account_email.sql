-- PostgreSQL form of db/migration/V15__account_email.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- An account's optional e-mail address (docs/accounts.md "E-mail addresses", ACC-7), stored in the
-- lower-case form domain/identity/EmailAddress.normalize gives, so the unique index makes addresses
-- unique without regard to case. S3 grants by e-mail resolve to the account with it (ACL-H3).
-- SQLite's UNIQUE allows any number of NULLs: accounts without an address.
ALTER TABLE accounts ADD COLUMN email TEXT COLLATE "C";
CREATE UNIQUE INDEX accounts_by_email ON accounts (email);
