-- Run once by the postgres image on an empty volume (/docker-entrypoint-initdb.d).
-- One database per service; all owned by the dev superuser.
CREATE DATABASE gateway;
CREATE DATABASE reporting;
CREATE DATABASE messaging;
CREATE DATABASE surveys;
CREATE DATABASE scheduling;
CREATE DATABASE referrals;
