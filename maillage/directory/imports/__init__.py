"""National file imports (communes, Annuaire Santé RPPS/ADELI, FINESS).

Every import: checks the whole file's shape first (a wrong file is refused before anything
changes), streams the lines, writes each rejected line to a report, then applies all changes in
one transaction (a crash leaves the directory as it was; the import can simply be re-run).
"""
