// Placeholder entry point; the generators land with the dictionary work.
return 0;
