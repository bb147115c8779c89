-- listed_version: the shop version at which what other systems copy of a shop last changed
-- (its name, category, status and menu item names: the search index and the ads system's
-- known shops). Such a change is recorded as the event shop.listing.changed, which the copies
-- hear, and any other change as shop.updated, which only the read model hears. The copies keep
-- this version, so that their reconciles do not take a change they were never told of for a
-- lost event. Existing rows start from their current version, which the copies already hold.
ALTER TABLE "shop"."shop" ADD COLUMN "listed_version" INTEGER NOT NULL DEFAULT 1;
UPDATE "shop"."shop" SET "listed_version" = "version";
