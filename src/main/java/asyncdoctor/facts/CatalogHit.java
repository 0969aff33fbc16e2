package asyncdoctor.facts;

public record CatalogHit(String call, String catalog, String entry, String kind, String severity, String replacement) {}
