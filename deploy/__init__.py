"""Running replicas behind nginx: the site generator (nginx_site.py) and N replicas on one machine
(replicas.py, run as `python -m deploy.replicas`). Standard library only."""
