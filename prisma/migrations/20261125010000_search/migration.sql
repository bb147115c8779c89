-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "search";

-- CreateTable
CREATE TABLE "search"."shop_index" (
    "shop_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "menu_names" TEXT NOT NULL DEFAULT '',
    "search_text" TEXT NOT NULL DEFAULT '',
    "grams" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "version" INTEGER NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shop_index_pkey" PRIMARY KEY ("shop_id")
);

-- CreateIndex
CREATE INDEX "shop_index_grams" ON "search"."shop_index" USING GIN ("grams");

-- CreateIndex
CREATE INDEX "shop_index_category_status_idx" ON "search"."shop_index"("category", "status");

