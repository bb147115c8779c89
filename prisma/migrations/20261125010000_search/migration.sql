-- Trigram matching for case-insensitive substring search (Korean and English).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "search";

-- CreateTable
CREATE TABLE "search"."shop_index" (
    "shop_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "menu_names" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shop_index_pkey" PRIMARY KEY ("shop_id")
);

-- CreateIndex
CREATE INDEX "shop_index_name_trgm" ON "search"."shop_index" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "shop_index_menu_names_trgm" ON "search"."shop_index" USING GIN ("menu_names" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "shop_index_category_status_idx" ON "search"."shop_index"("category", "status");

