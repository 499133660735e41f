// placeholder replaced by the Tasks work
