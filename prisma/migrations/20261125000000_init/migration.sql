-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "owner";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "review";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "shop";

-- CreateEnum
CREATE TYPE "shop"."ShopCategory" AS ENUM ('KOREAN', 'CHINESE', 'JAPANESE', 'WESTERN', 'CHICKEN', 'PIZZA', 'BUNSIK', 'JOKBAL_BOSSAM', 'JJIM_TANG', 'CAFE_DESSERT', 'FAST_FOOD', 'ASIAN', 'LUNCHBOX', 'NIGHT_SNACK');

-- CreateEnum
CREATE TYPE "shop"."ShopStatus" AS ENUM ('OPEN', 'PAUSED', 'CLOSED');

-- CreateTable
CREATE TABLE "owner"."owner" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "owner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "owner"."outbox" (
    "id" BIGSERIAL NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shop"."shop" (
    "id" SERIAL NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "category" "shop"."ShopCategory" NOT NULL,
    "description" TEXT,
    "phone" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "status" "shop"."ShopStatus" NOT NULL DEFAULT 'CLOSED',
    "min_order_amount" INTEGER NOT NULL DEFAULT 0,
    "delivery_tip" INTEGER NOT NULL DEFAULT 0,
    "opening_hours" JSONB NOT NULL DEFAULT '[]',
    "notice" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shop"."menu_item" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "price" INTEGER NOT NULL,
    "sold_out" BOOLEAN NOT NULL DEFAULT false,
    "popular" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "menu_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shop"."promotion" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shop"."outbox" (
    "id" BIGSERIAL NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review"."review" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "rating" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review"."known_shop" (
    "shop_id" INTEGER NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "known_shop_pkey" PRIMARY KEY ("shop_id")
);

-- CreateTable
CREATE TABLE "review"."outbox" (
    "id" BIGSERIAL NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "owner_email_key" ON "owner"."owner"("email");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "owner"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "shop_owner_id_idx" ON "shop"."shop"("owner_id");

-- CreateIndex
CREATE INDEX "shop_updated_at_idx" ON "shop"."shop"("updated_at");

-- CreateIndex
CREATE INDEX "menu_item_shop_id_idx" ON "shop"."menu_item"("shop_id");

-- CreateIndex
CREATE INDEX "promotion_shop_id_idx" ON "shop"."promotion"("shop_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "shop"."outbox"("published_at", "id");

-- CreateIndex
CREATE INDEX "review_shop_id_id_idx" ON "review"."review"("shop_id", "id" DESC);

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "review"."outbox"("published_at", "id");

-- AddForeignKey
ALTER TABLE "shop"."menu_item" ADD CONSTRAINT "menu_item_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"."shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shop"."promotion" ADD CONSTRAINT "promotion_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"."shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

