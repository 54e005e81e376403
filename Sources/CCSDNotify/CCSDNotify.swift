// Notification channels and templates arrive with the notifications issue.
