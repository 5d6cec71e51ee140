"""The local DREAD stack: stores, services, worker and NGINX supervised by one process."""
