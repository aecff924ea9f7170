// IP addresses and prefixes as values, for every layer above (model, links, BGP, checks).
export * from "./address.js";
export * from "./prefix.js";
export * from "./subnet.js";
